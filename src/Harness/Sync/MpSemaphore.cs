using Harness.Shared;
using Harness.Sync;

namespace Harness;

/// <summary>
/// A counting semaphore shared by processes, like Python's <c>multiprocessing.Semaphore</c> and
/// <c>BoundedSemaphore</c>. Create it with <see cref="Mp.Semaphore"/> or <see cref="Mp.BoundedSemaphore"/>.
/// </summary>
/// <remarks>
/// A semaphore has no owner, so a process that dies after acquiring it is not detected (as in
/// Python): its unit is simply never given back. Use a timeout where that matters.
/// </remarks>
public sealed unsafe class MpSemaphore : IDisposable, IReleasable
{
    private readonly SyncSegment _sync;

    private MpSemaphore(SyncSegment sync)
    {
        _sync = sync;
        Maximum = sync.Segment.Header->Length is > 0 and var stored ? (int)(stored - 1) : null;
    }

    internal string Name => _sync.Name;

    /// <summary>The most the count may reach, for a bounded semaphore; null when unbounded.</summary>
    public int? Maximum { get; }

    /// <summary>The count at this instant (a snapshot; Python's <c>get_value()</c>); null on Windows, which can't tell.</summary>
    /// <exception cref="ObjectDisposedException">Disposed in this process.</exception>
    public int? Value
    {
        get
        {
            _sync.ThrowIfDisposed(this);
            return _sync.Cell.Value;
        }
    }

    /// <summary>Blocks until the count is above zero, then takes one.</summary>
    /// <exception cref="ObjectDisposedException">Disposed in this process.</exception>
    public void Acquire() => Acquire(Timeout.InfiniteTimeSpan);

    /// <summary>Takes one, waiting at most <paramref name="timeout"/>.</summary>
    /// <returns>true if taken; false if the timeout passed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is negative and not infinite.</exception>
    public bool Acquire(TimeSpan timeout)
    {
        int ms = Timeouts.ToMilliseconds(timeout, nameof(timeout));
        _sync.ThrowIfDisposed(this);
        using var waiting = Processes.Blocking.Enter("Acquire", this, "semaphore", _sync.Name, timed: ms >= 0);
        return _sync.Cell.Wait(ms);
    }

    /// <summary>Gives one back, waking a waiter. Any process may release.</summary>
    /// <exception cref="InvalidOperationException">A bounded semaphore would pass its initial count (Python's ValueError).</exception>
    public void Release()
    {
        _sync.ThrowIfDisposed(this);
        // Like CPython, the check and the post are two steps: two racing over-releases can both pass.
        if (Maximum is { } max && _sync.Cell.Value >= max)
        {
            throw new InvalidOperationException($"This bounded semaphore was released more times than it was acquired (its count is already {max}).");
        }
        _sync.Cell.Post();
    }

    /// <summary>Acquires one and returns a scope that releases it: <c>using (s.Hold()) { ... }</c>.</summary>
    public LockScope Hold()
    {
        Acquire();
        return new LockScope(this);
    }

    /// <summary>Like <see cref="Hold()"/>, waiting at most <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">Nothing was released within the timeout.</exception>
    public LockScope Hold(TimeSpan timeout)
    {
        if (!Acquire(timeout))
        {
            throw new TimeoutException($"The MpSemaphore stayed at zero for {timeout}.");
        }
        return new LockScope(this);
    }

    /// <summary>Unmaps it in this process; the creator's Dispose also removes its name.</summary>
    public void Dispose() => _sync.Dispose();

    /// <inheritdoc />
    public override string ToString() => _sync.Segment.IsDisposed ? "<MpSemaphore disposed>" : $"<MpSemaphore value={Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}{(Maximum is { } m ? $" max={m}" : "")}>";

    internal static MpSemaphore Create(int initial, bool bounded)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initial);
        return new(SyncSegment.Create(SegmentKind.Semaphore, initial, length: bounded ? initial + 1L : 0)); // 0: unbounded; else maximum + 1
    }

    internal static MpSemaphore Open(string name) => new(SyncSegment.Open(name, SegmentKind.Semaphore));
}
