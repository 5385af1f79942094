using System.Collections;
using System.Numerics;

namespace Harness.Persistence;

/// <summary>
/// Equality of plain data as a value, the way a Python dict compares its keys: integers by
/// value whatever their width (2, 2L and BigInteger 2 are one key), tuples (<c>object?[]</c>)
/// and bytes (<c>byte[]</c>) by their contents, strings ordinally. Unlike Python, a float is
/// never equal to an int and a bool never equal to 0 or 1, so a round trip that changed a type
/// shows up as a difference.
/// </summary>
internal sealed class PlainDataComparer : IEqualityComparer<object>
{
    public static readonly PlainDataComparer Instance = new();

    /// <summary>How deep <see cref="Same"/> goes before it gives up.</summary>
    public const int MaxDepth = 1100;

    private PlainDataComparer()
    {
    }

    public new bool Equals(object? x, object? y) => Same(x, y, depth: 0);

    public int GetHashCode(object obj) => Hash(obj, depth: 0);

    /// <summary>
    /// Deep equality for whole graphs: lists and dicts by contents too, NaN equal to NaN, and
    /// 0.0 distinct from -0.0, so that "loads(dumps(x)) is the same data as x" can be checked.
    /// </summary>
    public static bool Same(object? x, object? y, int depth)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }
        if (x is null || y is null)
        {
            return false;
        }
        // The common keys first, without the detour through BigInteger.
        if (x is string xs)
        {
            return y is string ys && string.Equals(xs, ys, StringComparison.Ordinal);
        }
        if (x is int xn && y is int yn)
        {
            return xn == yn;
        }
        // Deeper than anything Pickle loads (1000 levels), and shallow enough for any thread's stack.
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException($"The data nests more than {MaxDepth} levels deep, or contains itself, so it can't be compared.");
        }
        if (AsInteger(x) is { } xi)
        {
            return AsInteger(y) is { } yi && xi == yi;
        }
        switch (x)
        {
            case double d:
                return y is double e && (d.Equals(e) && (d != 0 || double.IsNegative(d) == double.IsNegative(e)));
            case float f:
                return y is float g && f.Equals(g);
            case bool b:
                return y is bool c && b == c;
            case byte[] bytes:
                return y is byte[] other && bytes.AsSpan().SequenceEqual(other);
            case object?[] tuple:
                return y is object?[] t2 && SameItems(tuple, t2, depth);
            case IDictionary dict:
                return y is IDictionary d2 && SameDict(dict, d2, depth);
            case IList list:
                return y is IList l2 && x.GetType() == y.GetType() && SameItems(list, l2, depth);
            default:
                return x.Equals(y);
        }
    }

    private static bool SameItems(IList a, IList b, int depth)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        for (int i = 0; i < a.Count; i++)
        {
            if (!Same(a[i], b[i], depth + 1))
            {
                return false;
            }
        }
        return true;
    }

    private static bool SameDict(IDictionary a, IDictionary b, int depth)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        // Look each key up by value: the two dicts may use different comparers or orders.
        var index = new Dictionary<object, object?>(b.Count, Instance);
        foreach (DictionaryEntry e in b)
        {
            index[e.Key] = e.Value;
        }
        foreach (DictionaryEntry e in a)
        {
            if (!index.TryGetValue(e.Key, out object? other) || !Same(e.Value, other, depth + 1))
            {
                return false;
            }
        }
        return true;
    }

    // Hashing looks at most a few levels and items into a tuple: a hash need not see everything,
    // and a bounded hash can't be made slow by a hostile key.
    private static int Hash(object? obj, int depth)
    {
        switch (obj)
        {
            case null:
                return 0;
            case string str:
                return str.GetHashCode(StringComparison.Ordinal);
            case int n:
                return ((long)n).GetHashCode(); // as a long of the same value hashes
        }
        if (AsInteger(obj) is { } i)
        {
            return i >= long.MinValue && i <= long.MaxValue ? ((long)i).GetHashCode() : i.GetHashCode();
        }
        switch (obj)
        {
            case byte[] bytes:
            {
                var h = new HashCode();
                h.AddBytes(bytes.AsSpan(0, Math.Min(bytes.Length, 64)));
                h.Add(bytes.Length);
                return h.ToHashCode();
            }
            case object?[] tuple:
            {
                var h = new HashCode();
                h.Add(tuple.Length);
                if (depth < 3)
                {
                    for (int k = 0; k < Math.Min(tuple.Length, 8); k++)
                    {
                        h.Add(Hash(tuple[k], depth + 1));
                    }
                }
                return h.ToHashCode();
            }
            default:
                return obj.GetHashCode();
        }
    }

    /// <summary>The value of any .NET integer type, or null for everything else (bool included).</summary>
    public static BigInteger? AsInteger(object o) => o switch
    {
        int v => v,
        long v => v,
        BigInteger v => v,
        short v => v,
        sbyte v => v,
        byte v => v,
        ushort v => v,
        uint v => v,
        ulong v => v,
        _ => null,
    };
}
