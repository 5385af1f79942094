using System.Runtime.CompilerServices;
using Harness.Transport;
using MessagePack;
using MessagePack.Formatters;

namespace Harness.Shared;

/// <summary>
/// Lets shared values, arrays, sync primitives, queues and pipes cross to a child by name: the parent writes
/// the names of the segments, the child maps the same segments. Nothing is copied.
/// </summary>
internal sealed class SharedObjectResolver : IFormatterResolver
{
    public static readonly SharedObjectResolver Instance = new();

    public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;


    private static class Cache<T>
    {
        public static readonly IMessagePackFormatter<T>? Formatter = (IMessagePackFormatter<T>?)Create(typeof(T));
    }

    internal static object? Create(Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(SharedValue<>) || definition == typeof(SharedArray<>)))
        {
            Type formatter = definition == typeof(SharedValue<>) ? typeof(SharedValueFormatter<>) : typeof(SharedArrayFormatter<>);
            return Activator.CreateInstance(formatter.MakeGenericType(type.GetGenericArguments()));
        }
        if (type == typeof(SharedMemory))
        {
            return new SharedMemoryFormatter();
        }
        if (type == typeof(ShareableList))
        {
            return new ShareableListFormatter();
        }
        return Sync.SyncFormatters.For(type) ?? Queues.QueueFormatters.For(type);
    }
}

/// <summary>Writes [name, lock name or nil]: a shared value or array, by the names of its segments.</summary>
internal abstract class NamePairFormatter<TShared>(Func<TShared, (string Name, string? LockName)> names, Func<string, string?, TShared> open, string what)
    : IMessagePackFormatter<TShared?> where TShared : class
{
    public void Serialize(ref MessagePackWriter writer, TShared? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }
        var (name, lockName) = names(value);
        writer.WriteArrayHeader(2);
        writer.Write(name);
        writer.Write(lockName);
    }

    public TShared? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }
        var (name, lockName) = NamePair.Read(ref reader, what);
        return open(name, lockName);
    }
}

internal sealed class SharedValueFormatter<T>() : NamePairFormatter<SharedValue<T>>(v => (v.Name, v.LockName), SharedValue<T>.Open, "SharedValue")
    where T : unmanaged;

internal sealed class SharedArrayFormatter<T>() : NamePairFormatter<SharedArray<T>>(a => (a.Name, a.LockName), SharedArray<T>.Open, "SharedArray")
    where T : unmanaged;

internal static class NamePair
{
    public static (string Name, string? LockName) Read(ref MessagePackReader reader, string what)
    {
        if (reader.ReadArrayHeader() != 2)
        {
            throw new MessagePackSerializationException($"A {what} is sent as [name, lock name]; this data is something else.");
        }
        string name = reader.ReadString() ?? throw new MessagePackSerializationException($"A {what} arrived without a name.");
        return (name, reader.ReadString());
    }
}
