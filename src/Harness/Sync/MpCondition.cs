using System.Diagnostics;
using System.Runtime.InteropServices;
using Harness.Shared;
using Harness.Sync;

namespace Harness;

/// <summary>
/// A condition variable shared by processes, like Python's <c>multiprocessing.Condition</c>:
/// hold its lock, check your condition, and <see cref="Wait"/> until another process changes it
/// and calls <see cref="Notify"/>. Create it with <see cref="Mp.Condition"/>.
/// </summary>
/// <remarks>
/// The design is CPython's (synchronize.py): <c>Sleepers</c> counts waiters and changes only
/// under the lock; a waiter sleeps on one semaphore and, however it wakes, acknowledges on a
/// second. <see cref="Notify"/> posts once per waiter it wakes and then waits for that many
/// acknowledgements while still holding the lock, so no waiter arriving later can take a wake-up
/// meant for one already asleep. A waiter that dies while asleep never acknowledges: Notify gives
/// up on it after a few seconds, so prefer <see cref="WaitFor"/> with a timeout where processes
/// may be killed.
/// </remarks>
public sealed unsafe class MpCondition : IDisposable, IReleasable
{
    [StructLayout(LayoutKind.Sequential)]
    private struct State
    {
        /// <summary>Waiters not yet woken by a Notify (less those whose acknowledgement Notify has not yet counted).</summary>
        public int Sleepers;
    }

    /// <summary>How long Notify waits for one woken waiter to acknowledge before presuming its process dead.</summary>
    private const int AcknowledgeTimeoutMs = 5000;

    private readonly SyncSegment _sync;
    private readonly MpRLock _lock;
    private readonly bool _ownsLock;
    private readonly State* _state;

    private MpCondition(SyncSegment sync, MpRLock @lock, bool ownsLock)
    {
        _sync = sync;
        _lock = @lock;
        _ownsLock = ownsLock;
        _state = (State*)sync.State;
    }

    internal string Name => _sync.Name;

    internal MpRLock Lock => _lock;

    /// <summary>Acquires the condition's lock.</summary>
    public void Acquire() => Acquire(Timeout.InfiniteTimeSpan);

    /// <summary>Acquires the condition's lock, waiting at most <paramref name="timeout"/>.</summary>
    /// <returns>false if the timeout passed first.</returns>
    public bool Acquire(TimeSpan timeout)
    {
        using var waiting = Processes.Blocking.Enter("Acquire", this, "condition", _sync.Name, timed: timeout != Timeout.InfiniteTimeSpan);
        return _lock.Acquire(timeout);
    }

    /// <summary>Releases the condition's lock.</summary>
    /// <exception cref="InvalidOperationException">This thread does not hold it.</exception>
    public void Release() => _lock.Release();

    /// <summary>Acquires the lock and returns a scope that releases it: <c>using (c.Hold()) { ... }</c>.</summary>
    public LockScope Hold()
    {
        _lock.Acquire();
        return new LockScope(this);
    }

    /// <summary>
    /// Releases the lock (all levels), sleeps until notified or the timeout passes (null:
    /// forever), then takes the lock back at the same depth before returning.
    /// </summary>
    /// <returns>false if it returned because of the timeout.</returns>
    /// <exception cref="InvalidOperationException">This thread does not hold the lock.</exception>
    public bool Wait(TimeSpan? timeout = null)
    {
        int ms = Timeouts.ToMilliseconds(timeout, nameof(timeout));
        _sync.ThrowIfDisposed(this);
        if (!_lock.IsHeldByCurrentThread)
        {
            throw new InvalidOperationException("Wait needs the condition's lock: call it inside using (c.Hold()) { ... }.");
        }
        using var waiting = Processes.Blocking.Enter("Wait", this, "condition", _sync.Name, timed: ms >= 0);
        _state->Sleepers++;
        int depth = _lock.ReleaseAll();
        try
        {
            return _sync.Cell.Wait(ms);
        }
        finally
        {
            // Woken or timed out, say so: Notify counts these to know who has left.
            _sync.Second!.Post();
            _lock.AcquireDepth(-1, depth);
        }
    }

    /// <summary>Waits until <paramref name="predicate"/> is true, re-checking after each notify (Python's <c>wait_for</c>).</summary>
    /// <returns>The predicate's last value: false only if the timeout passed first.</returns>
    /// <exception cref="InvalidOperationException">This thread does not hold the lock.</exception>
    public bool WaitFor(Func<bool> predicate, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        int ms = Timeouts.ToMilliseconds(timeout, nameof(timeout));
        long start = Stopwatch.GetTimestamp();
        bool result = predicate();
        while (!result)
        {
            TimeSpan? left = null;
            if (ms >= 0)
            {
                left = TimeSpan.FromMilliseconds(ms) - Stopwatch.GetElapsedTime(start);
                if (left <= TimeSpan.Zero)
                {
                    break;
                }
            }
            Wait(left);
            result = predicate();
        }
        return result;
    }

    /// <summary>Wakes up to <paramref name="n"/> waiters. The caller must hold the lock.</summary>
    /// <exception cref="InvalidOperationException">This thread does not hold the lock.</exception>
    public void Notify(int n = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        _sync.ThrowIfDisposed(this);
        if (!_lock.IsHeldByCurrentThread)
        {
            throw new InvalidOperationException("Notify needs the condition's lock: call it inside using (c.Hold()) { ... }.");
        }
        // Waiters that left since the last Notify (timed out, or woken) are no longer asleep.
        while (_sync.Second!.Wait(0))
        {
            _state->Sleepers--;
        }
        int woken = 0;
        while (woken < n && _state->Sleepers > 0)
        {
            _state->Sleepers--;
            _sync.Cell.Post();
            woken++;
        }
        for (int i = 0; i < woken; i++)
        {
            if (!_sync.Second.Wait(AcknowledgeTimeoutMs))
            {
                break; // that waiter's process has died; don't hang the notifier for it
            }
        }
        // A waiter that timed out just now acknowledged without taking its post: drop the post,
        // as CPython does, so it can't wake a later waiter by mistake.
        while (woken > 0 && _sync.Cell.Wait(0))
        {
        }
    }

    /// <summary>Wakes every waiter. The caller must hold the lock.</summary>
    public void NotifyAll() => Notify(int.MaxValue);

    /// <summary>Unmaps it in this process (and its lock, if the condition made it); the creator's Dispose also removes the names.</summary>
    public void Dispose()
    {
        _sync.Dispose();
        if (_ownsLock)
        {
            _lock.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => _sync.Segment.IsDisposed ? "<MpCondition disposed>" : $"<MpCondition {_lock}>";

    internal static MpCondition Create(MpRLock? @lock)
    {
        MpRLock l = @lock ?? MpRLock.Create();
        try
        {
            return new(SyncSegment.Create(SegmentKind.Condition, 0, twoCells: true), l, ownsLock: @lock is null);
        }
        catch
        {
            if (@lock is null)
            {
                l.Dispose();
            }
            throw;
        }
    }

    internal static MpCondition Open(string name, string lockName)
    {
        SyncSegment sync = SyncSegment.Open(name, SegmentKind.Condition, twoCells: true);
        try
        {
            return new(sync, MpRLock.Open(lockName), ownsLock: true);
        }
        catch
        {
            sync.Dispose();
            throw;
        }
    }
}
