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
    /// consulted before the standard ones. Later concepts add theirs here before first use.
    /// </summary>
    internal static readonly List<IFormatterResolver> SharedObjectResolvers = [];

    public static MessagePackSerializerOptions Options => s_options ??= CreateOptions();

    private static MessagePackSerializerOptions CreateOptions()
    {
        var resolvers = new List<IFormatterResolver>(SharedObjectResolvers) { ContractlessStandardResolver.Instance };
        return MessagePackSerializerOptions.Standard
            .WithResolver(CompositeResolver.Create(Array.Empty<IMessagePackFormatter>(), resolvers))
            .WithSecurity(MessagePackSecurity.UntrustedData);
    }

    public static byte[] Serialize(Type type, object? value) =>
        MessagePackSerializer.Serialize(type, value, Options);

    public static object? Deserialize(Type type, ReadOnlyMemory<byte> bytes) =>
        MessagePackSerializer.Deserialize(type, bytes, Options);

    /// <summary>
    /// Serializes an argument for a child, refusing at the call what could not arrive intact.
    /// </summary>
    /// <exception cref="ArgumentException">The value can't cross to another process.</exception>
    public static byte[] SerializeArgument(Type type, object? value, string what)
    {
        if (FindUnsendable(type, value) is { } reason)
        {
            throw new ArgumentException($"{what} can't be sent to a child process: {reason}.");
        }
        try
        {
            byte[] bytes = Serialize(type, value);
            if (type.Assembly == typeof(Serializer).Assembly)
            {
                return bytes; // a harness object crosses by name: reading it back would open it again here
            }
            // Reading it back here finds what would otherwise fail in the child (no usable
            // constructor, a member that throws), where the error would be harder to trace.
            _ = Deserialize(type, bytes);
            return bytes;
        }
        catch (MessagePackSerializationException e)
        {
            throw new ArgumentException(
                $"{what} can't be sent to a child process: {Innermost(e).Message}", e);
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }
        return e;
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
