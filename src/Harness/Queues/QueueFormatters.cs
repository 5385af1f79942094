using MessagePack;
using MessagePack.Formatters;

namespace Harness.Queues;

/// <summary>
/// Lets queues and pipe ends cross to a child by name: the child opens the same shared memory.
/// Consulted through <see cref="Shared.SharedObjectResolver"/>, like the sync primitives' formatters.
/// </summary>
internal static class QueueFormatters
{
    /// <summary>The formatter for a queue or pipe type, or null for any other type.</summary>
    internal static object? For(Type type)
    {
        if (!type.IsGenericType)
        {
            return null;
        }
        Type definition = type.GetGenericTypeDefinition();
        Type? formatter = definition == typeof(MpQueue<>) ? typeof(QueueFormatter<>)
            : definition == typeof(MpJoinableQueue<>) ? typeof(JoinableQueueFormatter<>)
            : definition == typeof(MpConnection<>) ? typeof(ConnectionFormatter<>)
            : definition == typeof(MpSimpleQueue<>) ? typeof(SimpleQueueFormatter<>)
            : null;
        return formatter is null ? null : Activator.CreateInstance(formatter.MakeGenericType(type.GetGenericArguments()));
    }

    internal static void WriteCore(ref MessagePackWriter writer, QueueCore? core)
    {
        if (core is null)
        {
            writer.WriteNil();
            return;
        }
        writer.WriteArrayHeader(3);
        writer.Write(core.Name);
        writer.Write(core.PutLockName);
        writer.Write(core.GetLockName);
    }

    internal static (string, string, string)? ReadNames(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return null;
        }
        if (reader.ReadArrayHeader() != 3)
        {
            throw new MessagePackSerializationException("A queue arrived without its three names.");
        }
        return (Name(ref reader), Name(ref reader), Name(ref reader));
    }

    private static string Name(ref MessagePackReader reader) =>
        reader.ReadString() ?? throw new MessagePackSerializationException("A queue arrived without a name.");
}

internal sealed class QueueFormatter<T> : IMessagePackFormatter<MpQueue<T>?>
{
    public void Serialize(ref MessagePackWriter writer, MpQueue<T>? value, MessagePackSerializerOptions options)
    {
        if (value is MpJoinableQueue<T>)
        {
            throw new MessagePackSerializationException("Pass a joinable queue as MpJoinableQueue<T>, so the child can mark items done.");
        }
        QueueFormatters.WriteCore(ref writer, value?.Core);
    }

    public MpQueue<T>? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        QueueFormatters.ReadNames(ref reader) is var (n, p, g) ? MpQueue<T>.Open(n, p, g) : null;
}

internal sealed class SimpleQueueFormatter<T> : IMessagePackFormatter<MpSimpleQueue<T>?>
{
    public void Serialize(ref MessagePackWriter writer, MpSimpleQueue<T>? value, MessagePackSerializerOptions options) =>
        QueueFormatters.WriteCore(ref writer, value?.Core);

    public MpSimpleQueue<T>? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        QueueFormatters.ReadNames(ref reader) is var (n, p, g) ? new MpSimpleQueue<T>(MpQueue<T>.Open(n, p, g)) : null;
}

internal sealed class JoinableQueueFormatter<T> : IMessagePackFormatter<MpJoinableQueue<T>?>
{
    public void Serialize(ref MessagePackWriter writer, MpJoinableQueue<T>? value, MessagePackSerializerOptions options) =>
        QueueFormatters.WriteCore(ref writer, value?.Core);

    public MpJoinableQueue<T>? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        QueueFormatters.ReadNames(ref reader) is var (n, p, g) ? MpJoinableQueue<T>.Open(n, p, g) : null;
}

/// <summary>Writes [send queue or nil, receive queue or nil, the sender's pid].</summary>
internal sealed class ConnectionFormatter<T> : IMessagePackFormatter<MpConnection<T>?>
{
    public void Serialize(ref MessagePackWriter writer, MpConnection<T>? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }
        writer.WriteArrayHeader(3);
        QueueFormatters.WriteCore(ref writer, value.SendCore);
        QueueFormatters.WriteCore(ref writer, value.ReceiveCore);
        value.SendCore?.ReserveTransitSlot();
        writer.Write(Environment.ProcessId);
    }

    public MpConnection<T>? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }
        if (reader.ReadArrayHeader() != 3)
        {
            throw new MessagePackSerializationException("A pipe end arrived without its two queues and its sender.");
        }
        QueueCore? send = QueueFormatters.ReadNames(ref reader) is var (n, p, g) ? MpQueue<T>.OpenCore(n, p, g) : null;
        QueueCore? receive = QueueFormatters.ReadNames(ref reader) is var (n2, p2, g2) ? MpQueue<T>.OpenCore(n2, p2, g2) : null;
        return new MpConnection<T>(send, receive, reader.ReadInt32());
    }
}
