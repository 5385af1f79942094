using System.Diagnostics;
using System.Runtime.InteropServices;
using Harness.Native;
using Harness.Shared;
using Harness.Sync;

namespace Harness;

/// <summary>
/// A condition variable shared by processes, like Python's <c>multiprocessing.Condition</c>:
/// hold its lock, check your condition, and <see cref="Wait"/> until another process changes it
/// and calls <see cref="Notify"/>. Create it with <see cref="Mp.Condition"/>.
/// </summary>
/// <remarks>
/// <c>Seq</c> is both the wake word and an epoch: every Notify that wakes anyone bumps it.
/// <c>Sleepers</c> counts waiters not yet notified; Notify(n) moves up to n of them into
/// <c>Signals</c>, tokens that only a waiter which entered Wait before that Notify may take (its
/// entry epoch differs from <c>Seq</c>). So the notifier, or anyone who starts waiting after a
/// Notify, can never take a wake-up meant for a waiter already asleep, the trap CPython avoids by
/// making Notify wait for acknowledgements. A waiter reads <c>Seq</c> before it looks for a
/// token and sleeps only while <c>Seq</c> is unchanged, so a Notify between the look and the
/// sleep is never slept through. Entering, notifying and giving up all happen under the lock,
/// so <c>Sleepers + Signals</c> always equals the waiters inside Wait; a waiter that times out
/// settles under the lock again: it takes a token if one is left for it (it was notified after
/// all), or counts itself out of <c>Sleepers</c>. Notify never waits. A waiter killed while
/// asleep stays counted; NotifyAll still wakes every live waiter.
/// </remarks>
public sealed unsafe class MpCondition : IDisposable, IReleasable
{
    [StructLayout(LayoutKind.Sequential)]
    private struct State
    {
        /// <summary>The wake word and epoch: bumped by each Notify that hands out tokens.</summary>
        public int Seq;

        /// <summary>Waiters not yet notified; changed only under the lock.</summary>
        public int Sleepers;

        /// <summary>Notifications handed out and not yet taken, for waiters that entered before the last Notify.</summary>
        public int Signals;
    }

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
        int epoch = Seq.Read(); // under the lock: no Notify can slip in before this read
        int depth = _lock.ReleaseAll();
        var deadline = Deadline.In(ms);
        bool notified = false;
        try
        {
            while (true)
            {
                int seq = Seq.Read();
                // Looked after reading the word: a Notify in between changes it, so the sleep ends at once.
                if (notified = TryTakeSignal(epoch, seq))
                {
                    break;
                }
                if (deadline.HasPassed)
                {
                    break;
                }
                Seq.Wait(seq, deadline.Remaining);
            }
        }
        finally
        {
            _lock.AcquireDepth(-1, depth);
            // Timed out: under the lock again, settle. A token left for this waiter means a
            // Notify counted it after all (and woke another, who found none and slept on).
            if (!notified && !(notified = TryTakeSignal(epoch, Seq.Read())))
            {
                _state->Sleepers--;
            }
        }
        return notified;
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
        int woken = Math.Min(n, _state->Sleepers);
        if (woken == 0)
        {
            return;
        }
        _state->Sleepers -= woken;
        Interlocked.Add(ref _state->Signals, woken);
        Interlocked.Increment(ref _state->Seq);
        Seq.Wake(woken);
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

    private WaitWord Seq => _sync.Word(&_state->Seq);

    /// <summary>Takes a token, if this waiter (in Wait since <paramref name="epoch"/>) may: only a Notify since then made tokens for it.</summary>
    private bool TryTakeSignal(int epoch, int seq)
    {
        if (seq == epoch)
        {
            return false;
        }
        int signals;
        while ((signals = Volatile.Read(ref _state->Signals)) > 0)
        {
            if (Interlocked.CompareExchange(ref _state->Signals, signals - 1, signals) == signals)
            {
                return true;
            }
        }
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => _sync.Segment.IsDisposed ? "<MpCondition disposed>" : $"<MpCondition {_lock}>";

    internal static MpCondition Create(MpRLock? @lock)
    {
        MpRLock l = @lock ?? MpRLock.Create();
        try
        {
            return new(SyncSegment.Create(SegmentKind.Condition), l, ownsLock: @lock is null);
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
        SyncSegment sync = SyncSegment.Open(name, SegmentKind.Condition);
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
