using System.Runtime.CompilerServices;
using Harness.Transport;
using MessagePack;
using MessagePack.Formatters;

namespace Harness.Shared;

/// <summary>
/// Lets shared values, arrays and sync primitives cross to a child by name: the parent writes
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
        return Sync.SyncFormatters.For(type);
    }
}

/// <summary>Writes [name, lock name or nil].</summary>
internal sealed class SharedValueFormatter<T> : IMessagePackFormatter<SharedValue<T>?> where T : unmanaged
{
    public void Serialize(ref MessagePackWriter writer, SharedValue<T>? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }
        writer.WriteArrayHeader(2);
        writer.Write(value.Name);
        writer.Write(value.LockName);
    }

    public SharedValue<T>? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }
        var (name, lockName) = NamePair.Read(ref reader, "SharedValue");
        return SharedValue<T>.Open(name, lockName);
    }
}

/// <summary>Writes [name, lock name or nil].</summary>
internal sealed class SharedArrayFormatter<T> : IMessagePackFormatter<SharedArray<T>?> where T : unmanaged
{
    public void Serialize(ref MessagePackWriter writer, SharedArray<T>? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }
        writer.WriteArrayHeader(2);
        writer.Write(value.Name);
        writer.Write(value.LockName);
    }

    public SharedArray<T>? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }
        var (name, lockName) = NamePair.Read(ref reader, "SharedArray");
        return SharedArray<T>.Open(name, lockName);
    }
}

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
