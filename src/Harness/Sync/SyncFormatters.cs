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
    };

    public static object? For(Type type) => s_formatters.GetValueOrDefault(type);

    /// <summary>Adds a primitive's formatter; called from its static setup before first use.</summary>
    internal static void Add<T>(Func<T, string> name, Func<string, T> open) where T : class =>
        s_formatters[typeof(T)] = new NameFormatter<T>(name, open);

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
