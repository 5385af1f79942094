using Harness.Shared;
using Harness.Sync;

namespace Harness;

/// <summary>
/// A lock shared by processes, like Python's <c>multiprocessing.Lock</c>: not re-entrant, and
/// any thread of any process may release it. Create it with <see cref="Mp.Lock"/> and pass it
/// to children as an argument; they get the same lock, not a copy.
/// </summary>
/// <remarks>
/// If the process holding the lock ends without releasing it (killed, or it returned while
/// holding it), the next <see cref="Acquire()"/> notices within about 50 ms, takes the lock
/// and sets <see cref="LastAcquireWasAbandoned"/>: what the lock protected may be half-written.
/// </remarks>
public sealed class MpLock : IDisposable, IReleasable
{
    private readonly LockCore _core;

    internal MpLock(LockCore core) => _core = core;

    internal string Name => _core.Name;

    internal LockCore Core => _core;

    /// <summary>
    /// How many times, in any process, an acquire took this lock over from a process that had
    /// ended holding it. Lets a test tell "forgot to release" from a clean run.
    /// </summary>
    internal int AbandonedCount => _core.Abandonments;

    /// <summary>How many times, in any process, this lock was acquired: lets a test tell "held around the loop" from "held per step".</summary>
    internal int Acquisitions => _core.Acquisitions;

    /// <summary>The pid of the process holding the lock, or null when it is free (a snapshot).</summary>
    internal int? OwnerPid => _core.Owner is var owner && owner != 0 ? LockCore.PidOf(owner) : null;

    /// <summary>
    /// True when the most recent successful acquire through this object took the lock over from
    /// a process that had ended while holding it. Check it after <see cref="Acquire()"/> when the
    /// data the lock guards must be consistent.
    /// </summary>
    public bool LastAcquireWasAbandoned { get; private set; }

    /// <summary>Blocks until the lock is free, then takes it.</summary>
    /// <exception cref="ObjectDisposedException">The lock was disposed in this process.</exception>
    public void Acquire() => Acquire(Timeout.InfiniteTimeSpan);

    /// <summary>Takes the lock, waiting at most <paramref name="timeout"/> (<see cref="TimeSpan.Zero"/>: don't wait).</summary>
    /// <returns>true if the lock was taken; false if the timeout passed first.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is negative and not infinite.</exception>
    public bool Acquire(TimeSpan timeout)
    {
        int ms = Timeouts.ToMilliseconds(timeout, nameof(timeout));
        using var waiting = Processes.Blocking.Enter("Acquire", this, "lock", _core.Name, timed: ms >= 0);
        if (!_core.Acquire(LockCore.Me, ms, out bool abandoned))
        {
            return false;
        }
        LastAcquireWasAbandoned = abandoned;
        _core.NoteAcquired();
        return true;
    }

    /// <summary>Releases the lock, whoever took it (Python's semantics for Lock).</summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void Release()
    {
        while (true)
        {
            long owner = _core.Owner;
            if (owner == 0)
            {
                throw new InvalidOperationException("Release was called on an MpLock that is not held; release only after a successful Acquire.");
            }
            if (_core.Release(owner))
            {
                return;
            }
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
            throw new TimeoutException($"The MpLock was not released by its holder within {timeout}.");
        }
        return new LockScope(this);
    }

    /// <summary>Unmaps the lock in this process; the creator's Dispose also removes its name.</summary>
    public void Dispose() => _core.Dispose();

    /// <inheritdoc />
    public override string ToString() =>
        _core.IsDisposed ? "<MpLock disposed>" : $"<MpLock {(OwnerPid is { } pid ? $"held by pid {pid}" : "free")}>";

    internal static MpLock Create() => new(LockCore.Create(SegmentKind.Lock));

    internal static MpLock Open(string name) => new(LockCore.Open(name, SegmentKind.Lock));
}
