using System.Collections;
using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;

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

    static PlainWriter() => PlainPicklers.Register();

    /// <summary>Marks a container whose conversion is under way, to tell a cycle from sharing.</summary>
    private static readonly object s_inProgress = new();

    /// <summary>Converts <paramref name="value"/>; <paramref name="shared"/> says whether a container occurs twice.</summary>
    public static object? ToPlain(object? value, out bool shared)
    {
        IdentityMap done = IdentityMap.Rent();
        var state = new State(done);
        try
        {
            return state.Convert(value, 0);
        }
        catch (Problem p)
        {
            throw new PickleException($"Can't pickle the value{string.Concat(Enumerable.Reverse(p.Where))}: {p.Message}.", p.InnerException ?? p);
        }
        finally
        {
            shared = state.Shared;
            done.Return();
        }
    }

    /// <summary>A problem found deep in the graph; each level it passes adds where it was.</summary>
    private sealed class Problem(string message, Exception? inner = null) : Exception(message, inner)
    {
        public List<string> Where { get; } = [];
    }

    private struct State(IdentityMap done)
    {
        public bool Shared { get; private set; }

        public object? Convert(object? value, int depth)
        {
            switch (value)
            {
                case string s: // the commonest first: each case is a type test
                    return CheckText(s);
                case int or null or double or long or bool or byte or sbyte or short or ushort or uint:
                    return value;
                case float f:
                    return (double)f;
                case char c:
                    return CheckText(c.ToString());
                case ulong u:
                    return u <= long.MaxValue ? (long)u : new BigInteger(u);
                case BigInteger b:
                    return b >= long.MinValue && b <= long.MaxValue ? (long)b : b;
                case Enum e:
                    return e.ToString(); // by name, which Load<T> parses back
                case byte[] bytes:
                    return new PlainPicklers.PickleBytes(bytes);
            }
            if (depth >= MaxDepth)
            {
                throw new Problem($"containers nest more than {MaxDepth} levels deep");
            }
            if (done.TryGetValue(value, out object? converted))
            {
                if (ReferenceEquals(converted, s_inProgress))
                {
                    throw new Problem($"it contains itself (a {value.GetType().Name} that holds itself); this pickler writes trees, not cycles");
                }
                Shared = true; // the same container twice: the pickler's memo will write it once
                return converted;
            }
            done.Set(value, s_inProgress);
            converted = ConvertContainer(value, value.GetType(), depth + 1);
            done.Set(value, converted);
            return converted;
        }

        private object ConvertContainer(object value, Type type, int depth)
        {
            switch (value)
            {
                case object?[] tuple when type == typeof(object[]):
                    return ConvertItems(tuple, depth);
                case Dictionary<object, object?> plain:
                    return ConvertPlainDict(plain, depth);
                case IDictionary dict:
                    return ConvertDict(dict, dict.Count, depth, alreadyPlain: false);
                case List<object?> list:
                    return ConvertPlainList(list, depth);
                case ITuple t:
                {
                    var items = new object?[t.Length];
                    for (int i = 0; i < items.Length; i++)
                    {
                        items[i] = At(i, t[i], depth);
                    }
                    return items;
                }
                case IEnumerable seq when Refusal(type) is null:
                    return ConvertList(seq, depth);
            }
            if (Refusal(type) is { } why)
            {
                throw new Problem($"a {type.Name} {why}");
            }
            return ConvertObject(value, type, depth);
        }

        // Where an item sits is worked out only when it fails: building "[3]" or "['key']" for
        // every item would cost more than converting it.
        private object? At(int index, object? item, int depth)
        {
            try
            {
                return Convert(item, depth);
            }
            catch (Problem p)
            {
                p.Where.Add($"[{index}]");
                throw;
            }
        }

        private object? AtProperty(string name, object? item, int depth)
        {
            try
            {
                return Convert(item, depth);
            }
            catch (Problem p)
            {
                p.Where.Add($".{name}");
                throw;
            }
        }

        private object? AtKey(object key, bool theKeyItself, object? item, int depth)
        {
            try
            {
                return Convert(item, depth);
            }
            catch (Problem p)
            {
                p.Where.Add(theKeyItself ? $" (the key {Describe(key)})" : $"[{Describe(key)}]");
                throw;
            }
        }

        private object?[] ConvertItems(object?[] tuple, int depth)
        {
            object?[]? copy = null;
            for (int i = 0; i < tuple.Length; i++)
            {
                object? item = At(i, tuple[i], depth);
                if (copy is null && !ReferenceEquals(item, tuple[i]))
                {
                    copy = (object?[])tuple.Clone(); // copy on the first change only: the caller's array stays as it was
                }
                copy?[i] = item;
            }
            return copy ?? tuple;
        }

        // Indexed, not enumerated: IEnumerable's enumerator would be boxed for every list.
        private List<object?> ConvertPlainList(List<object?> list, int depth)
        {
            List<object?>? copy = null;
            for (int i = 0; i < list.Count; i++)
            {
                object? item = list[i];
                object? plain = At(i, item, depth);
                if (copy is null && !ReferenceEquals(plain, item))
                {
                    copy = list.GetRange(0, i); // copy on the first change only
                }
                copy?.Add(plain);
            }
            return copy ?? list;
        }

        private List<object?> ConvertList(IEnumerable seq, int depth)
        {
            var copy = new List<object?>();
            int i = 0;
            foreach (object? item in seq)
            {
                copy.Add(At(i++, item, depth));
            }
            return copy;
        }

        // The common case, enumerated with Dictionary's own struct enumerator (the IDictionary
        // one boxes); it falls back to the general path at the first entry that must change.
        private Dictionary<object, object?> ConvertPlainDict(Dictionary<object, object?> dict, int depth)
        {
            foreach (var (key, value) in dict)
            {
                object plainKey = AtKey(key, theKeyItself: true, key, depth)!;
                if (!ReferenceEquals(plainKey, key) || (plainKey is not (string or int) && plainKey is IList and not object?[] or IDictionary)
                    || !ReferenceEquals(AtKey(key, theKeyItself: false, value, depth), value))
                {
                    return ConvertDict(dict, dict.Count, depth, alreadyPlain: false);
                }
            }
            return dict;
        }

        private Dictionary<object, object?> ConvertDict(IDictionary dict, int count, int depth, bool alreadyPlain)
        {
            Dictionary<object, object?>? copy = alreadyPlain ? null : new(count);
            int i = 0;
            foreach (DictionaryEntry e in dict)
            {
                object key = AtKey(e.Key, theKeyItself: true, e.Key, depth)!;
                if (key is IList and not object?[] or IDictionary)
                {
                    throw new Problem($"the key {Describe(e.Key)} is a {e.Key.GetType().Name}, and a Python dict key must be hashable (str, int, float, bool, bytes or a tuple of those)");
                }
                object? value = AtKey(e.Key, theKeyItself: false, e.Value, depth);
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

        private Dictionary<object, object?> ConvertObject(object value, Type type, int depth)
        {
            PropertyInfo[] properties = TypeShape.Readable(type);
            if (properties.Length == 0)
            {
                throw new Problem($"a {type.Name} has no public properties to write; give it public properties (a record is simplest)");
            }
            var dict = new Dictionary<object, object?>(properties.Length);
            foreach (PropertyInfo p in properties)
            {
                object? item;
                try
                {
                    item = p.GetValue(value);
                }
                catch (TargetInvocationException e) when (e.InnerException is { } inner)
                {
                    throw new Problem($"reading {type.Name}.{p.Name} threw {inner.GetType().Name}: {inner.Message}", inner);
                }
                dict[p.Name] = AtProperty(p.Name, item, depth);
            }
            return dict;
        }
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

    private static string CheckText(string s)
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
                throw new Problem($"the text holds half of a UTF-16 surrogate pair at index {i}, which UTF-8 can't store");
            }
        }
        return s;
    }

    private static string Describe(object key) => key is string s ? $"'{s}'" : key.ToString() ?? key.GetType().Name;
}
