using Harness.Shared;

namespace Harness;

/// <summary>
/// A fixed-length array of <typeparamref name="T"/> in memory shared by processes, like
/// Python's <c>multiprocessing.Array</c>. Create it with <see cref="Mp.Array{T}(ReadOnlySpan{T}, bool)"/>
/// and pass it to children as an argument: they read and write the same elements.
/// </summary>
/// <typeparam name="T">Any unmanaged type: int, long, double, or a struct of those.</typeparam>
/// <remarks>
/// With a lock (the default) each indexer get and set takes it; <see cref="AsSpan"/> is the
/// memory itself with no lock, the fast way for workers that own disjoint slices.
/// </remarks>
public sealed unsafe class SharedArray<T> : IDisposable where T : unmanaged
{
    private readonly SharedSegment _segment;
    private readonly MpRLock? _lock;
    private readonly T* _items;

    private SharedArray(SharedSegment segment, MpRLock? @lock)
    {
        _segment = segment;
        _lock = @lock;
        _items = (T*)segment.Payload;
        Length = (int)segment.Header->Length;
    }

    /// <summary>The number of elements, fixed at creation.</summary>
    public int Length { get; }

    /// <summary>One element; takes the array's lock when it has one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside 0..Length-1.</exception>
    /// <exception cref="ObjectDisposedException">Disposed in this process.</exception>
    public T this[int index]
    {
        get
        {
            CheckIndex(index);
            if (_lock is null)
            {
                return _items[index];
            }
            using (_lock.Hold())
            {
                return _items[index];
            }
        }
        set
        {
            CheckIndex(index);
            if (_lock is null)
            {
                _items[index] = value;
                return;
            }
            using (_lock.Hold())
            {
                _items[index] = value;
            }
        }
    }

    /// <summary>The shared memory itself, with no lock: writes are seen by every process at once.</summary>
    /// <remarks>Valid until this object is disposed; don't keep it beyond that.</remarks>
    public Span<T> AsSpan()
    {
        ObjectDisposedException.ThrowIf(_segment.IsDisposed, this);
        return new Span<T>(_items, Length);
    }

    /// <summary>A copy of the elements, taken under the lock when there is one.</summary>
    public T[] ToArray()
    {
        ObjectDisposedException.ThrowIf(_segment.IsDisposed, this);
        if (_lock is null)
        {
            return AsSpan().ToArray();
        }
        using (_lock.Hold())
        {
            return AsSpan().ToArray();
        }
    }

    /// <summary>The lock each indexer access takes (Python's <c>get_lock()</c>).</summary>
    /// <exception cref="InvalidOperationException">The array was made with <c>withLock: false</c>.</exception>
    public MpRLock GetLock() => _lock ?? throw new InvalidOperationException(
        "This SharedArray was made with withLock: false, so it has no lock; make it with the default withLock: true or guard it with an MpLock of your own.");

    internal string Name => _segment.Name;

    internal string? LockName => _lock?.Name;

    /// <summary>Unmaps the array in this process; the creator's Dispose also removes its name.</summary>
    public void Dispose()
    {
        _segment.Dispose();
        _lock?.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"<SharedArray<{typeof(T).Name}>[{Length}]>";

    private void CheckIndex(int index)
    {
        ObjectDisposedException.ThrowIf(_segment.IsDisposed, this);
        if ((uint)index >= (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The index must be from 0 to {Length - 1}: this SharedArray has {Length} elements.");
        }
    }

    internal static SharedArray<T> Create(ReadOnlySpan<T> initial, int length, bool withLock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if ((long)length * sizeof(T) > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A SharedArray holds at most 2 GB; {length} elements of {sizeof(T)} bytes is more.");
        }
        MpRLock? @lock = withLock ? MpRLock.Create() : null;
        try
        {
            T[] copy = initial.ToArray(); // a span can't enter the initializer lambda
            SharedSegment segment = SharedSegment.Create(SegmentKind.Array, (long)length * sizeof(T),
                s => copy.CopyTo(new Span<T>(s.Payload, length)), sizeof(T), SegmentHeader.HashOf(typeof(T)), length);
            return new SharedArray<T>(segment, @lock);
        }
        catch
        {
            @lock?.Dispose();
            throw;
        }
    }

    internal static SharedArray<T> Open(string name, string? lockName)
    {
        SharedSegment segment = SharedSegment.Open(name, SegmentKind.Array);
        try
        {
            ElementCheck.ThrowIfMismatch<T>(segment);
            return new SharedArray<T>(segment, lockName is null ? null : MpRLock.Open(lockName));
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }
}
