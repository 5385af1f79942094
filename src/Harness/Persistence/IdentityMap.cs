namespace Harness.Persistence;

/// <summary>
/// A map keyed by object identity, for the containers of one graph being converted. Most graphs
/// pickled are small (the course's dict has three containers), and for them a short array
/// searched by reference is several times cheaper than a hash table; past
/// <see cref="Small"/> entries it moves to a Dictionary, so a graph of a million containers
/// still costs O(1) per lookup. One instance per thread is reused, cleared after each use.
/// </summary>
internal sealed class IdentityMap
{
    private const int Small = 16;

    [ThreadStatic]
    private static IdentityMap? t_spare;

    private readonly object[] _keys = new object[Small];
    private readonly object?[] _values = new object?[Small];
    private int _count;
    private Dictionary<object, object?>? _large;

    /// <summary>Takes this thread's spare map, or a new one when it is in use (a nested call).</summary>
    public static IdentityMap Rent()
    {
        IdentityMap map = t_spare ?? new IdentityMap();
        t_spare = null;
        return map;
    }

    /// <summary>Clears the map and keeps it for the next call on this thread.</summary>
    public void Return()
    {
        Array.Clear(_keys, 0, _count);
        Array.Clear(_values, 0, _count);
        _count = 0;
        // A big table is dropped rather than kept: clearing it would cost every later call.
        _large = null;
        t_spare = this;
    }

    public bool TryGetValue(object key, out object? value)
    {
        if (_large is not null)
        {
            return _large.TryGetValue(key, out value);
        }
        for (int i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_keys[i], key))
            {
                value = _values[i];
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary>Adds or replaces the value for <paramref name="key"/>.</summary>
    public void Set(object key, object? value)
    {
        if (_large is not null)
        {
            _large[key] = value;
            return;
        }
        for (int i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_keys[i], key))
            {
                _values[i] = value;
                return;
            }
        }
        if (_count < Small)
        {
            _keys[_count] = key;
            _values[_count++] = value;
            return;
        }
        _large = new Dictionary<object, object?>(Small * 4, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _count; i++)
        {
            _large[_keys[i]] = _values[i];
        }
        _large[key] = value;
    }
}
