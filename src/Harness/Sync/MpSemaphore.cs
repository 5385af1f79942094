using System.Runtime.InteropServices;
using Harness.Native;
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
    [StructLayout(LayoutKind.Sequential)]
    private struct State
    {
        /// <summary>The count, and the word waiters sleep on while it is zero.</summary>
        public int Count;

        /// <summary>Threads (of any process) in Acquire's slow path: asleep or about to be.</summary>
        public int Waiters;
    }

    private readonly SyncSegment _sync;
    private readonly State* _state;

    private MpSemaphore(SyncSegment sync)
    {
        _sync = sync;
        _state = (State*)sync.State;
        Maximum = sync.Segment.Header->Length is > 0 and var stored ? (int)(stored - 1) : null;
    }

    internal string Name => _sync.Name;

    /// <summary>The most the count may reach, for a bounded semaphore; null when unbounded.</summary>
    public int? Maximum { get; }

    /// <summary>The count at this instant (a snapshot; Python's <c>get_value()</c>). Never null: every platform can tell.</summary>
    /// <exception cref="ObjectDisposedException">Disposed in this process.</exception>
    public int? Value
    {
        get
        {
            _sync.ThrowIfDisposed(this);
            return Volatile.Read(ref _state->Count);
        }
    }

    private WaitWord Count => _sync.Word(&_state->Count);

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
        if (TryTake())
        {
            return true;
        }
        using var waiting = Processes.Blocking.Enter("Acquire", this, "semaphore", _sync.Name, timed: ms >= 0);
        var deadline = Deadline.In(ms);
        bool taken = false;
        // Counted before the next look at the count, so a Release after that look sees a sleeper and wakes it.
        Interlocked.Increment(ref _state->Waiters);
        try
        {
            while (!(taken = TryTake()))
            {
                if (deadline.HasPassed)
                {
                    return false;
                }
                Count.Wait(0, deadline.Remaining); // sleeps only while the count is still zero
            }
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _state->Waiters);
            // A Release's wake-up may have picked this thread just as it timed out: pass it on.
            if (!taken && Volatile.Read(ref _state->Count) > 0 && Volatile.Read(ref _state->Waiters) > 0)
            {
                Count.WakeOne();
            }
        }
    }

    /// <summary>Gives one back, waking a waiter. Any process may release.</summary>
    /// <exception cref="InvalidOperationException">A bounded semaphore would pass its initial count (Python's ValueError).</exception>
    public void Release()
    {
        _sync.ThrowIfDisposed(this);
        while (true)
        {
            int count = Volatile.Read(ref _state->Count);
            // Checked and added in one step, so two racing over-releases can't both pass.
            if (Maximum is { } max && count >= max)
            {
                throw new InvalidOperationException($"This bounded semaphore was released more times than it was acquired (its count is already {max}).");
            }
            if (Interlocked.CompareExchange(ref _state->Count, count + 1, count) == count)
            {
                break;
            }
        }
        // The CAS is a full fence: a waiter counted before it is seen here.
        if (Volatile.Read(ref _state->Waiters) > 0)
        {
            Count.WakeOne();
        }
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

    private bool TryTake()
    {
        int count;
        while ((count = Volatile.Read(ref _state->Count)) > 0)
        {
            if (Interlocked.CompareExchange(ref _state->Count, count - 1, count) == count)
            {
                return true;
            }
        }
        return false;
    }

    internal static MpSemaphore Create(int initial, bool bounded)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initial);
        // Header length 0: unbounded; else maximum + 1.
        return new(SyncSegment.Create(SegmentKind.Semaphore, s => ((State*)s.Payload)->Count = initial, length: bounded ? initial + 1L : 0));
    }

    internal static MpSemaphore Open(string name) => new(SyncSegment.Open(name, SegmentKind.Semaphore));
}
