using System.Collections;
using System.Numerics;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;

namespace Harness.Persistence;

/// <summary>
/// Turns what Razorvine's unpickler built into the plain data of API.md: Hashtable becomes
/// <c>Dictionary&lt;object, object?&gt;</c> (keys compared by value), ArrayList
/// <c>List&lt;object?&gt;</c>, integers the smallest of int, long and BigInteger that holds them.
/// Anything else Razorvine made (a ClassDict for an unknown Python class, a datetime, a set,
/// a complex number) is refused here, naming what it was, so the caller only ever gets
/// plain data. Objects the pickle shares (its memo) stay shared, which also keeps a graph that
/// refers to itself finite and a hostile pickle that shares one list a million ways cheap.
/// </summary>
internal sealed class PlainReader
{
    /// <summary>Python's own pickler can't write deeper than its recursion limit (1000).</summary>
    public const int MaxDepth = 1000;

    /// <summary>Work allowed to hash and compare one dict key (a tuple counts its items, deeply).</summary>
    public const int MaxKeySize = 10_000;

    /// <summary>What each container Razorvine made became, by identity.</summary>
    private readonly IdentityMap _seen;

    private PlainReader(IdentityMap seen) => _seen = seen;

    public static object? Normalize(object? raw)
    {
        IdentityMap seen = IdentityMap.Rent();
        try
        {
            return new PlainReader(seen).Convert(raw, 0);
        }
        finally
        {
            seen.Return();
        }
    }

    private object? Convert(object? raw, int depth)
    {
        switch (raw)
        {
            case null or string or bool or double or int or byte[]:
                return raw;
            case long l:
                return l is >= int.MinValue and <= int.MaxValue ? (int)l : l;
            case BigInteger b:
                return b >= long.MinValue && b <= long.MaxValue ? Convert((long)b, depth) : b;
        }
        if (depth >= MaxDepth)
        {
            throw new PickleException($"the data nests containers more than {MaxDepth} levels deep");
        }
        if (_seen.TryGetValue(raw, out object? done))
        {
            return done;
        }
        switch (raw)
        {
            case object?[] tuple when raw.GetType() == typeof(object[]):
                // Razorvine's tuple is already an object[] that nobody else holds: fill it in place.
                _seen.Set(raw, tuple);
                for (int i = 0; i < tuple.Length; i++)
                {
                    tuple[i] = Convert(tuple[i], depth + 1);
                }
                return tuple;
            case ArrayList items:
            {
                var list = new List<object?>(items.Count);
                _seen.Set(raw, list); // before the items, so a list that holds itself finds itself
                for (int i = 0; i < items.Count; i++)
                {
                    list.Add(Convert(items[i], depth + 1));
                }
                return list;
            }
            case Hashtable table:
            {
                var dict = new Dictionary<object, object?>(table.Count, PlainDataComparer.Instance);
                _seen.Set(raw, dict);
                // The dictionary enumerator's Key and Value, not foreach: that would box every entry.
                IDictionaryEnumerator entries = table.GetEnumerator();
                while (entries.MoveNext())
                {
                    object key = Convert(entries.Key, depth + 1)!;
                    CheckKey(key);
                    dict[key] = Convert(entries.Value, depth + 1);
                }
                return dict;
            }
            default:
                throw new PickleException($"the data holds {Describe(raw)}; only plain data loads (dict, list, tuple, str, int, float, bytes, bool, None)");
        }
    }

    private static void CheckKey(object key)
    {
        if (key is List<object?> or Dictionary<object, object?>)
        {
            throw new PickleException($"a dict key is a {(key is List<object?> ? "list" : "dict")}, which Python can't hash either");
        }
        if (key is object?[] tuple)
        {
            int budget = MaxKeySize;
            CheckTupleKey(tuple, ref budget);
        }
    }

    private static void CheckTupleKey(object?[] tuple, ref int budget)
    {
        budget -= tuple.Length + 1;
        if (budget < 0)
        {
            throw new PickleException($"a dict key is a tuple with more than {MaxKeySize} items in all, too large to hash safely");
        }
        foreach (object? item in tuple)
        {
            switch (item)
            {
                case object?[] inner:
                    CheckTupleKey(inner, ref budget);
                    break;
                case List<object?> or Dictionary<object, object?>:
                    throw new PickleException("a dict key is a tuple holding a list or a dict, which Python can't hash either");
            }
        }
    }

    /// <summary>Names, in Python's terms, what Razorvine built for something that isn't plain data.</summary>
    private static string Describe(object raw) => raw switch
    {
        ClassDict c => $"an object of the Python class '{c.ClassName}'",
        ClassDictConstructor g => $"a reference to the Python global '{g.module}.{g.name}'",
        IObjectConstructor g => $"a reference to a Python global ({g.GetType().Name})",
        PythonException e => $"a Python exception ({e.PythonExceptionType ?? e.Message})",
        HashSet<object> => "a set (Python set or frozenset)",
        ComplexNumber => "a complex number",
        DateTime or TimeSpan => "a datetime value",
        decimal => "a decimal.Decimal",
        Array a => $"an array.array of {a.GetType().GetElementType()?.Name}",
        _ => $"a value Razorvine read as {raw.GetType().Name}",
    };
}
