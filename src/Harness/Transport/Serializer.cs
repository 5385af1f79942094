using System.Reflection;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace Harness.Transport;

/// <summary>
/// Serializes what crosses between processes: job arguments now, results and queue items later.
/// MessagePack with the contractless resolver: records, classes with public members, arrays,
/// lists and dictionaries need no attributes. Untrusted-data security guards the reading side
/// against hostile depth and hash flooding, since bytes arrive from another process.
/// </summary>
internal static class Serializer
{
    private static MessagePackSerializerOptions? s_options;

    /// <summary>
    /// Formatters for harness objects that cross by name (queues, shared memory, locks) are
    /// consulted before the standard ones. Listed here rather than registered by module
    /// initializers, so that a child whose job takes no arguments never loads MessagePack.
    /// </summary>
    internal static IEnumerable<IFormatterResolver> SharedObjectResolvers =>
        [Shared.SharedObjectResolver.Instance];

    /// <summary>Readers for types known only at run time, each a generic call made once.</summary>
    private static readonly Dictionary<Type, Func<ReadOnlyMemory<byte>, object?>> s_readers = [];

    public static MessagePackSerializerOptions Options => s_options ??= CreateOptions();

    private static MessagePackSerializerOptions CreateOptions()
    {
        var resolvers = new List<IFormatterResolver>(SharedObjectResolvers) { ContractlessStandardResolver.Instance };
        return MessagePackSerializerOptions.Standard
            .WithResolver(CompositeResolver.Create(Array.Empty<IMessagePackFormatter>(), resolvers))
            .WithSecurity(MessagePackSecurity.UntrustedData);
    }

    /// <summary>
    /// Reads a value whose type is known only at run time (a job's parameter). Not MessagePack's
    /// non-generic API: that compiles expression trees on first use, which cost a child about
    /// 28 ms before its job could start; a generic method made for the type costs little.
    /// </summary>
    public static object? Deserialize(Type type, ReadOnlyMemory<byte> bytes)
    {
        Func<ReadOnlyMemory<byte>, object?>? reader;
        lock (s_readers)
        {
            if (!s_readers.TryGetValue(type, out reader))
            {
                reader = typeof(Serializer).GetMethod(nameof(ReadBoxed), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(type).CreateDelegate<Func<ReadOnlyMemory<byte>, object?>>();
                s_readers[type] = reader;
            }
        }
        return reader(bytes);
    }

    private static object? ReadBoxed<T>(ReadOnlyMemory<byte> bytes) => MessagePackSerializer.Deserialize<T>(bytes, Options);

    /// <summary>
    /// Serializes an argument for a child, refusing at the call what could not arrive intact.
    /// </summary>
    /// <exception cref="ArgumentException">The value can't cross to another process.</exception>
    /// <param name="value">The argument.</param>
    /// <param name="parameter">The type the job's method declares: the child reads the value as that type.</param>
    /// <param name="what">Names the argument in messages.</param>
    /// <returns>A kind byte (<see cref="FastKind"/> or <see cref="MessagePackKind"/>), then the encoded value.</returns>
    public static byte[] SerializeArgument<T>(T value, Type parameter, string what)
    {
        Type type = typeof(T);
        if (FindUnsendable(type, value) is { } reason)
        {
            throw new ArgumentException($"{what} can't be sent to a child process: {reason}.");
        }
        if (type == parameter && FastCodec.Handles(type))
        {
            return [FastKind, .. FastCodec.Encode(value)];
        }
        return [MessagePackKind, .. SerializeWithMessagePack(value, what)];
    }

    /// <summary>The first byte of an argument encoded by <see cref="FastCodec"/>.</summary>
    public const byte FastKind = 1;

    /// <summary>The first byte of an argument encoded by MessagePack.</summary>
    public const byte MessagePackKind = 0;

    /// <summary>Reads an argument written by <see cref="SerializeArgument{T}"/>, as the job's parameter type.</summary>
    public static object? DeserializeArgument(Type parameter, ReadOnlyMemory<byte> bytes) =>
        bytes.Span[0] == FastKind ? FastCodec.Decode(parameter, bytes[1..]) : Deserialize(parameter, bytes[1..]);

    private static byte[] SerializeWithMessagePack<T>(T value, string what)
    {
        Type type = typeof(T);
        try
        {
            byte[] bytes = MessagePackSerializer.Serialize(value, Options);
            if (type.Assembly == typeof(Serializer).Assembly)
            {
                return bytes; // a harness object crosses by name: reading it back would open it again here
            }
            // Reading it back here finds what would otherwise fail in the child (no usable
            // constructor, a member that throws), where the error would be harder to trace.
            _ = MessagePackSerializer.Deserialize<T>(bytes, Options);
            return bytes;
        }
        catch (MessagePackSerializationException e)
        {
            throw new ArgumentException(
                $"{what} can't be sent to a child process: {SendErrors.Reason(e)}.", e);
        }
    }

    /// <summary>Names why a value of this type can't be copied to another process, or null.</summary>
    private static string? FindUnsendable(Type declared, object? value)
    {
        Type type = value?.GetType() ?? declared;
        if (typeof(Delegate).IsAssignableFrom(type))
        {
            return $"a delegate ({type.Name}) is code bound to this process; pass data and let the job call a static method";
        }
        if (type.IsPointer || type == typeof(IntPtr) || type == typeof(UIntPtr))
        {
            return $"a pointer ({type.Name}) means nothing in another process's memory";
        }
        // Harness objects that cross by name (shared values, locks) are sendable by design.
        if (SharedObjectResolvers.Any(r => r.GetFormatterDynamic(type) is not null))
        {
            return null;
        }
        foreach (var (baseType, why) in s_refused)
        {
            if (baseType.IsAssignableFrom(type))
            {
                return $"a {baseType.Name} ({type.Name}) {why}";
            }
        }
        if (type == typeof(object) && value is null)
        {
            return null;
        }
        if (!type.IsPrimitive && !type.IsEnum && type != typeof(string) && type != typeof(decimal)
            && !type.IsArray && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
            && type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true)
        {
            bool hasState = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Length > 0;
            bool hasPublic = type.GetProperties(BindingFlags.Instance | BindingFlags.Public).Any(p => p.CanRead && p.GetIndexParameters().Length == 0)
                || type.GetFields(BindingFlags.Instance | BindingFlags.Public).Length > 0;
            if (hasState && !hasPublic)
            {
                return $"{type.Name} keeps its state in private fields only, so a copy would arrive empty; give it public properties (a record is simplest)";
            }
        }
        return null;
    }

    private static readonly (Type Type, string Why)[] s_refused =
    [
        (typeof(Stream), "is an open handle in this process; pass a file path instead"),
        (typeof(Task), "runs in this process; pass its result instead"),
        (typeof(Thread), "belongs to this process"),
        (typeof(WaitHandle), "is local to this process; use Mp.Lock, Mp.Event or Mp.Semaphore to synchronize processes"),
        (typeof(System.Runtime.InteropServices.SafeHandle), "is an OS handle of this process"),
        (typeof(System.Diagnostics.Process), "is this process's view of another process; pass its Id instead"),
        (typeof(MemberInfo), "is reflection data; pass a name instead"),
        (typeof(MpProcess), "is this process's handle on a child; pass its Pid instead"),
    ];
}
