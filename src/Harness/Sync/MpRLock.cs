using Harness.Shared;
using Harness.Sync;

namespace Harness;

/// <summary>
/// A re-entrant lock shared by processes, like Python's <c>multiprocessing.RLock</c>: the
/// thread that holds it may acquire it again, and must release it as many times. Only that
/// thread of that process may release it. Create it with <see cref="Mp.RLock"/>.
/// </summary>
/// <remarks>Dead owners are detected as for <see cref="MpLock"/>; see <see cref="LastAcquireWasAbandoned"/>.</remarks>
public sealed class MpRLock : IDisposable, IReleasable
{
    private readonly LockCore _core;

    internal MpRLock(LockCore core) => _core = core;

    internal string Name => _core.Name;

    /// <summary>
    /// How many times, in any process, an acquire took this lock over from a process that had
    /// ended holding it. Lets a test tell "forgot to release" from a clean run.
    /// </summary>
    internal int AbandonedCount => _core.Abandonments;

    /// <summary>True when this thread of this process holds the lock.</summary>
    public bool IsHeldByCurrentThread => _core.Owner == LockCore.Me;

    /// <inheritdoc cref="MpLock.LastAcquireWasAbandoned"/>
    public bool LastAcquireWasAbandoned { get; private set; }

    /// <summary>Blocks until the lock is free or already held by this thread, then takes it (once more).</summary>
    /// <exception cref="ObjectDisposedException">The lock was disposed in this process.</exception>
    public void Acquire() => Acquire(Timeout.InfiniteTimeSpan);

    /// <summary>Takes the lock (once more), waiting at most <paramref name="timeout"/>.</summary>
    /// <returns>true if the lock was taken; false if the timeout passed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is negative and not infinite.</exception>
    public bool Acquire(TimeSpan timeout)
    {
        int ms = Timeouts.ToMilliseconds(timeout, nameof(timeout));
        using var waiting = Processes.Blocking.Enter("Acquire", this, "re-entrant lock", _core.Name, timed: ms >= 0);
        return AcquireDepth(ms, 1);
    }

    /// <summary>Releases one level; the lock is free once every Acquire has its Release.</summary>
    /// <exception cref="InvalidOperationException">This thread does not hold the lock.</exception>
    public void Release()
    {
        ThrowUnlessOwner(nameof(Release));
        if (--_core.Count == 0)
        {
            _core.Release(LockCore.Me);
        }
    }

    /// <summary>Acquires the lock and returns a scope that releases it: <c>using (l.Hold()) { ... }</c>.</summary>
    public LockScope Hold()
    {
        Acquire();
        return new LockScope(this);
    }

    /// <summary>Like <see cref="Hold()"/>, waiting at most <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">The lock was not free within the timeout.</exception>
    public LockScope Hold(TimeSpan timeout)
    {
        if (!Acquire(timeout))
        {
            throw new TimeoutException($"The MpRLock was not released by its holder within {timeout}.");
        }
        return new LockScope(this);
    }

    /// <summary>Unmaps the lock in this process; the creator's Dispose also removes its name.</summary>
    public void Dispose() => _core.Dispose();

    /// <inheritdoc />
    public override string ToString()
    {
        if (_core.IsDisposed)
        {
            return "<MpRLock disposed>";
        }
        long owner = _core.Owner;
        return owner == 0 ? "<MpRLock free>" : $"<MpRLock held by pid {LockCore.PidOf(owner)}, depth {(owner == LockCore.Me ? _core.Count : -1)}>";
    }

    /// <summary>For a condition's Wait: lets go of every level at once and says how many there were.</summary>
    internal int ReleaseAll()
    {
        ThrowUnlessOwner("Wait");
        int depth = _core.Count;
        _core.Count = 0;
        _core.Release(LockCore.Me);
        return depth;
    }

    /// <summary>Takes the lock back at the depth <see cref="ReleaseAll"/> returned.</summary>
    internal bool AcquireDepth(int millisecondsTimeout, int depth)
    {
        long me = LockCore.Me;
        if (_core.Owner == me)
        {
            _core.Count += depth;
            LastAcquireWasAbandoned = false;
            return true;
        }
        if (!_core.Acquire(me, millisecondsTimeout, out bool abandoned))
        {
            return false;
        }
        // A dead owner's depth means nothing now: this thread holds it `depth` times.
        _core.Count = depth;
        LastAcquireWasAbandoned = abandoned;
        return true;
    }

    private void ThrowUnlessOwner(string operation)
    {
        if (_core.Owner != LockCore.Me)
        {
            throw new InvalidOperationException(
                $"{operation} was called on an MpRLock this thread does not hold; only the thread that acquired an RLock may release it.");
        }
    }

    internal static MpRLock Create() => new(LockCore.Create(SegmentKind.RLock));

    internal static MpRLock Open(string name) => new(LockCore.Open(name, SegmentKind.RLock));
}
