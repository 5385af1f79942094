using System.Buffers.Binary;
using System.Collections;
using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Razorvine.Pickle;

namespace Harness.Persistence;

/// <summary>
/// Turns a .NET value into the plain data Razorvine's pickler writes the way Python expects:
/// records and classes become dicts of their public properties, other collections lists,
/// <c>object?[]</c> and value tuples tuples, <c>byte[]</c> Python bytes. What can't be written as
/// plain data is refused here, naming the type and where it sits, before a byte is written.
/// Containers that are already plain are passed through as they are, not copied.
/// </summary>
internal static class PlainWriter
{
    /// <summary>
    /// Razorvine's pickler recurses once per level and stops at 200; staying under it keeps its
    /// limit from ever being what the caller sees.
    /// </summary>
    public const int MaxDepth = 190;

    static PlainWriter()
    {
        // Razorvine's registry is process-wide; these two types are ours, so nobody else's
        // registrations are replaced.
        Pickler.registerCustomPickler(typeof(PickleBytes), new BytesPickler());
        Pickler.registerCustomPickler(typeof(BigInteger), new BigIntegerPickler());
    }

    public static object? ToPlain(object? value)
    {
        var path = new HashSet<object>(ReferenceEqualityComparer.Instance);
        return Convert(value, 0, path, "the value");
    }

    private static object? Convert(object? value, int depth, HashSet<object> path, string where)
    {
        switch (value)
        {
            case null or bool or int or long or double or byte or sbyte or short or ushort or uint:
                return value;
            case string s:
                return CheckText(s, where);
            case float f:
                return (double)f;
            case char c:
                return CheckText(c.ToString(), where);
            case ulong u:
                return u <= long.MaxValue ? (long)u : new BigInteger(u);
            case BigInteger b:
                return b >= long.MinValue && b <= long.MaxValue ? (long)b : b;
            case Enum e:
                return e.ToString(); // by name, which Load<T> parses back
            case byte[] bytes:
                return new PickleBytes(bytes);
        }
        if (depth >= MaxDepth)
        {
            throw new PickleException($"Can't pickle {where}: containers nest more than {MaxDepth} levels deep.");
        }
        Type type = value.GetType();
        if (!path.Add(value))
        {
            throw new PickleException($"Can't pickle {where}: it contains itself (a {type.Name} that holds itself); this pickler writes trees, not cycles.");
        }
        try
        {
            return ConvertContainer(value, type, depth + 1, path, where);
        }
        finally
        {
            path.Remove(value);
        }
    }

    private static object ConvertContainer(object value, Type type, int depth, HashSet<object> path, string where)
    {
        switch (value)
        {
            case object?[] tuple when type == typeof(object[]):
                return ConvertItems(tuple, depth, path, where);
            case Dictionary<object, object?> plain:
                return ConvertDict(plain, plain.Count, depth, path, where, alreadyPlain: true);
            case IDictionary dict:
                return ConvertDict(dict, dict.Count, depth, path, where, alreadyPlain: false);
            case List<object?> list:
                return ConvertList(list, depth, path, where, alreadyPlain: true);
            case ITuple t:
            {
                var items = new object?[t.Length];
                for (int i = 0; i < items.Length; i++)
                {
                    items[i] = Convert(t[i], depth, path, $"{where}[{i}]");
                }
                return items;
            }
            case IEnumerable seq when Refusal(type) is null:
                return ConvertList(seq, depth, path, where, alreadyPlain: false);
        }
        if (Refusal(type) is { } why)
        {
            throw new PickleException($"Can't pickle {where}: a {type.Name} {why}.");
        }
        return ConvertObject(value, type, depth, path, where);
    }

    private static object?[] ConvertItems(object?[] tuple, int depth, HashSet<object> path, string where)
    {
        object?[]? copy = null;
        for (int i = 0; i < tuple.Length; i++)
        {
            object? item = Convert(tuple[i], depth, path, $"{where}[{i}]");
            if (copy is null && !ReferenceEquals(item, tuple[i]))
            {
                copy = (object?[])tuple.Clone(); // copy on the first change only: the caller's array stays as it was
            }
            copy?[i] = item;
        }
        return copy ?? tuple;
    }

    private static List<object?> ConvertList(IEnumerable seq, int depth, HashSet<object> path, string where, bool alreadyPlain)
    {
        var list = seq as List<object?>;
        List<object?>? copy = alreadyPlain ? null : [];
        int i = 0;
        foreach (object? item in seq)
        {
            object? plain = Convert(item, depth, path, $"{where}[{i}]");
            if (copy is null && !ReferenceEquals(plain, item))
            {
                copy = list!.GetRange(0, i);
            }
            copy?.Add(plain);
            i++;
        }
        return copy ?? list!;
    }

    private static Dictionary<object, object?> ConvertDict(IDictionary dict, int count, int depth, HashSet<object> path, string where, bool alreadyPlain)
    {
        Dictionary<object, object?>? copy = alreadyPlain ? null : new(count);
        int i = 0;
        foreach (DictionaryEntry e in dict)
        {
            object key = Convert(e.Key, depth, path, $"a key of {where}")!;
            if (key is IList and not object?[] or IDictionary)
            {
                throw new PickleException($"Can't pickle {where}: the key {Describe(e.Key)} is a {e.Key.GetType().Name}, and a Python dict key must be hashable (str, int, float, bool, bytes or a tuple of those).");
            }
            object? value = Convert(e.Value, depth, path, KeyPath(where, e.Key));
            if (copy is null && (!ReferenceEquals(key, e.Key) || !ReferenceEquals(value, e.Value)))
            {
                copy = new Dictionary<object, object?>(count);
                foreach (DictionaryEntry earlier in dict)
                {
                    if (copy.Count == i)
                    {
                        break;
                    }
                    copy[earlier.Key] = earlier.Value; // already plain: they passed unchanged
                }
            }
            copy?[key] = value;
            i++;
        }
        return copy ?? (Dictionary<object, object?>)dict;
    }

    private static Dictionary<object, object?> ConvertObject(object value, Type type, int depth, HashSet<object> path, string where)
    {
        PropertyInfo[] properties = TypeShape.Readable(type);
        if (properties.Length == 0)
        {
            throw new PickleException($"Can't pickle {where}: a {type.Name} has no public properties to write; give it public properties (a record is simplest).");
        }
        var dict = new Dictionary<object, object?>(properties.Length);
        foreach (PropertyInfo p in properties)
        {
            dict[p.Name] = Convert(p.GetValue(value), depth, path, $"{type.Name}.{p.Name}");
        }
        return dict;
    }

    /// <summary>Why a type from the framework is not plain data, or null when it is a collection we can write.</summary>
    private static string? Refusal(Type type)
    {
        if (typeof(Delegate).IsAssignableFrom(type))
        {
            return "is code, not data";
        }
        if (type == typeof(decimal))
        {
            return "has no plain pickle form; store it as a double or as a string";
        }
        if (type.IsPointer || type == typeof(IntPtr) || type == typeof(UIntPtr))
        {
            return "is a native pointer, which means nothing once saved";
        }
        bool framework = type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true
            || type.Namespace?.StartsWith("Microsoft", StringComparison.Ordinal) == true;
        if (framework && !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return "is not plain data (only str, int, float, bool, bytes, None, lists, tuples, dicts and records are); store it as a string or a number";
        }
        return null;
    }

    private static string CheckText(string s, string where)
    {
        // Python's str can't hold half a surrogate pair either, and UTF-8 would silently turn
        // one into U+FFFD, so such text is refused rather than changed. The vectorized scan
        // keeps the common case (no surrogates at all) cheap.
        int first = s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return s;
        }
        for (int i = first; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                throw new PickleException($"Can't pickle {where}: the text holds half of a UTF-16 surrogate pair at index {i}, which UTF-8 can't store.");
            }
        }
        return s;
    }

    private static string KeyPath(string where, object key) => $"{where}[{Describe(key)}]";

    private static string Describe(object key) => key is string s ? $"'{s}'" : key.ToString() ?? key.GetType().Name;

    /// <summary>A <c>byte[]</c> on its way to the pickler, which would otherwise write it as a bytearray.</summary>
    internal sealed class PickleBytes(byte[] data)
    {
        public byte[] Data { get; } = data;
    }

    /// <summary>Writes bytes as SHORT_BINBYTES or BINBYTES, which Python 3 loads as <c>bytes</c>.</summary>
    private sealed class BytesPickler : IObjectPickler
    {
        public void pickle(object o, Stream outs, Pickler currentPickler)
        {
            byte[] data = ((PickleBytes)o).Data;
            if (data.Length < 256)
            {
                outs.WriteByte((byte)'C');
                outs.WriteByte((byte)data.Length);
            }
            else
            {
                Span<byte> header = stackalloc byte[5];
                header[0] = (byte)'B';
                BinaryPrimitives.WriteInt32LittleEndian(header[1..], data.Length);
                outs.Write(header);
            }
            outs.Write(data);
        }
    }

    /// <summary>Writes an integer beyond 64 bits as LONG1 or LONG4: little-endian two's complement, as Python does.</summary>
    private sealed class BigIntegerPickler : IObjectPickler
    {
        public void pickle(object o, Stream outs, Pickler currentPickler)
        {
            byte[] data = ((BigInteger)o).ToByteArray();
            if (data.Length < 256)
            {
                outs.WriteByte(0x8a);
                outs.WriteByte((byte)data.Length);
            }
            else
            {
                Span<byte> header = stackalloc byte[5];
                header[0] = 0x8b;
                BinaryPrimitives.WriteInt32LittleEndian(header[1..], data.Length);
                outs.Write(header);
            }
            outs.Write(data);
        }
    }
}
