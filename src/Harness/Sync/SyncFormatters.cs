using MessagePack;
using MessagePack.Formatters;

namespace Harness.Sync;

/// <summary>Formatters that send a sync primitive as the name of its segment.</summary>
internal static class SyncFormatters
{
    private static readonly Dictionary<Type, object> s_formatters = new()
    {
        [typeof(MpLock)] = new NameFormatter<MpLock>(l => l.Name, MpLock.Open),
        [typeof(MpRLock)] = new NameFormatter<MpRLock>(l => l.Name, MpRLock.Open),
        [typeof(MpSemaphore)] = new NameFormatter<MpSemaphore>(s => s.Name, MpSemaphore.Open),
        [typeof(MpEvent)] = new NameFormatter<MpEvent>(e => e.Name, MpEvent.Open),
        [typeof(MpBarrier)] = new NameFormatter<MpBarrier>(b => b.Name, MpBarrier.Open),
        // "condition name|lock name": both are harness names, which never contain '|'.
        [typeof(MpCondition)] = new NameFormatter<MpCondition>(c => c.Name + "|" + c.Lock.Name, OpenCondition),
    };

    public static object? For(Type type) => s_formatters.GetValueOrDefault(type);

    private static MpCondition OpenCondition(string names) => names.Split('|') is [var name, var lockName]
        ? MpCondition.Open(name, lockName)
        : throw new MessagePackSerializationException("An MpCondition is sent as \"name|lock name\"; this data is something else.");

    private sealed class NameFormatter<T>(Func<T, string> name, Func<string, T> open) : IMessagePackFormatter<T?> where T : class
    {
        public void Serialize(ref MessagePackWriter writer, T? value, MessagePackSerializerOptions options)
        {
            if (value is null)
            {
                writer.WriteNil();
            }
            else
            {
                writer.Write(name(value));
            }
        }

        public T? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
            reader.TryReadNil() ? null
            : open(reader.ReadString() ?? throw new MessagePackSerializationException($"A {typeof(T).Name} arrived without a name."));
    }
}
