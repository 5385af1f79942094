namespace Harness.Persistence;

/// <summary>
/// A map keyed by object identity, for the objects of one graph being written or checked. Most
/// graphs pickled are small (the course's dict has three containers and four strings), and for
/// them a short array searched by reference is several times cheaper than a hash table; past
/// <see cref="Small"/> entries it moves to a Dictionary, so a graph of a million objects still
/// costs O(1) per lookup.
/// </summary>
internal sealed class IdentityMap<TValue>
{
    private const int Small = 16;

    private readonly object[] _keys = new object[Small];
    private readonly TValue[] _values = new TValue[Small];
    private int _count;
    private Dictionary<object, TValue>? _large;

    public bool TryGetValue(object key, out TValue value)
    {
        if (_large is not null)
        {
            return _large.TryGetValue(key, out value!);
        }
        for (int i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_keys[i], key))
            {
                value = _values[i];
                return true;
            }
        }
        value = default!;
        return false;
    }

    /// <summary>Adds or replaces the value for <paramref name="key"/>.</summary>
    public void Set(object key, TValue value)
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
        _large = new Dictionary<object, TValue>(Small * 4, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _count; i++)
        {
            _large[_keys[i]] = _values[i];
        }
        _large[key] = value;
    }

    /// <summary>Empties the map for the next graph.</summary>
    public void Clear()
    {
        Array.Clear(_keys, 0, _count);
        Array.Clear(_values, 0, _count);
        _count = 0;
        // A big table is dropped rather than kept: clearing it would cost every later call.
        _large = null;
    }
}
