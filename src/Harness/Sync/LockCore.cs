using System.Diagnostics;
using System.Runtime.InteropServices;
using Harness.Native;
using Harness.Shared;

namespace Harness.Sync;

/// <summary>The lock word and its wake-up semaphore, in a shared segment.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LockState
{
    /// <summary>0 when free; else the holder as (pid &lt;&lt; 32) | managed thread id.</summary>
    public long Owner;

    /// <summary>Threads (of any process) asleep, or about to sleep, on the wake-up semaphore.</summary>
    public int Waiters;

    /// <summary>An RLock's recursion depth; read and written only by its owner.</summary>
    public int Count;

    /// <summary>How many times a waiter took the lock over from a dead owner, over the lock's life.</summary>
    public int Abandonments;

    /// <summary>Successful acquires through an MpLock, in any process; written only by the holder. For tests.</summary>
    public int Acquisitions;
}

/// <summary>
/// The cross-process lock under <see cref="MpLock"/>, <see cref="MpRLock"/> and the primitives
/// built on them. The lock is one 64-bit word in shared memory holding the owner's pid and
/// thread: taking it is a compare-and-swap, so an uncontended Acquire/Release never enters the
/// kernel. A thread that finds it taken spins briefly, then sleeps on a process-shared semaphore
/// that Release posts when someone is waiting.
/// </summary>
/// <remarks>
/// Dead owners: because the word names the owner's pid, a waiter whose sleep times out checks
/// whether that process still runs. If it has ended (killed, or exited without releasing), the
/// waiter swaps the dead owner's word for its own and reports the acquisition as abandoned,
/// as a robust mutex does (EOWNERDEAD); the data the lock guarded may be half-updated.
/// </remarks>
internal sealed unsafe class LockCore : IDisposable
{
    /// <summary>How often a sleeping waiter wakes to check the owner is alive.</summary>
    private const int CheckIntervalMs = 50;

    private const int SpinCount = 40;
    private const int CellOffset = 32;

    private static readonly long s_pidBits = (long)Environment.ProcessId << 32;

    private readonly SharedSegment _segment;
    private readonly SemaphoreCell _wake;
    private readonly LockState* _state;

    private LockCore(SharedSegment segment, SemaphoreCell wake)
    {
        _segment = segment;
        _wake = wake;
        _state = (LockState*)segment.Payload;
    }

    public string Name => _segment.Name;

    public bool IsDisposed => _segment.IsDisposed;

    /// <summary>The calling thread of this process, as the lock word names it.</summary>
    public static long Me => s_pidBits | (uint)Environment.CurrentManagedThreadId;

    public static int PidOf(long owner) => (int)(owner >> 32);

    /// <exception cref="ObjectDisposedException">Unmapped in this process: reading would fault.</exception>
    public long Owner
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            return Volatile.Read(ref _state->Owner);
        }
    }

    /// <summary>Takeovers from dead owners so far, by any process.</summary>
    public int Abandonments
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            return Volatile.Read(ref _state->Abandonments);
        }
    }

    /// <summary>Successful MpLock acquires so far, by any process (see <see cref="NoteAcquired"/>).</summary>
    public int Acquisitions => Volatile.Read(ref _state->Acquisitions);

    /// <summary>Counts one acquire; called by the holder, so no other process writes the counter meanwhile.</summary>
    public void NoteAcquired() => _state->Acquisitions++;

    /// <summary>An RLock's depth; only its owner may touch it.</summary>
    public ref int Count
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            return ref _state->Count;
        }
    }

    public static LockCore Create(SegmentKind kind)
    {
        SemaphoreCell? wake = null;
        SharedSegment segment = SharedSegment.Create(kind, CellOffset + SemaphoreCell.Size,
            s => wake = SemaphoreCell.Create(s.Payload + CellOffset, s.Name, 0));
        return new LockCore(segment, wake!);
    }

    public static LockCore Open(string name, SegmentKind kind)
    {
        SharedSegment segment = SharedSegment.Open(name, kind);
        return new LockCore(segment, SemaphoreCell.Open(segment.Payload + CellOffset, name));
    }

    /// <summary>Takes the lock for <paramref name="me"/>, waiting up to the timeout.</summary>
    /// <param name="me">The caller, as <see cref="Me"/> names it.</param>
    /// <param name="millisecondsTimeout">-1 waits forever; 0 tries once.</param>
    /// <param name="abandoned">True when the lock was taken over from an owner that had ended.</param>
    /// <returns>false when the timeout passed first.</returns>
    public bool Acquire(long me, int millisecondsTimeout, out bool abandoned)
    {
        abandoned = false;
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (TryTake(me))
        {
            return true;
        }
        // A holder usually lets go within microseconds; spinning saves two system calls.
        var spin = new SpinWait();
        for (int i = 0; i < SpinCount && millisecondsTimeout != 0; i++)
        {
            spin.SpinOnce(sleep1Threshold: -1);
            if (Volatile.Read(ref _state->Owner) == 0 && TryTake(me))
            {
                return true;
            }
        }
        long start = Stopwatch.GetTimestamp();
        // Registered before the last try, so a Release after the failed try sees a waiter and posts.
        Interlocked.Increment(ref _state->Waiters);
        try
        {
            while (true)
            {
                if (TryTake(me))
                {
                    return true;
                }
                int remaining = millisecondsTimeout < 0 ? CheckIntervalMs
                    : millisecondsTimeout - (int)Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (remaining > 0 && _wake.Wait(Math.Min(remaining, CheckIntervalMs)))
                {
                    continue; // woken by a Release (or a stale post): try again
                }
                if (TryTakeFromDeadOwner(me))
                {
                    abandoned = true;
                    return true;
                }
                if (remaining <= 0)
                {
                    return false;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _state->Waiters);
        }
    }

    /// <summary>Frees the lock if <paramref name="expected"/> holds it, and wakes a waiter.</summary>
    /// <returns>false when someone else (or nobody) held it.</returns>
    public bool Release(long expected)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (Interlocked.CompareExchange(ref _state->Owner, 0, expected) != expected)
        {
            return false;
        }
        // The CAS above is a full fence: a waiter that registered before our release is seen here.
        if (Volatile.Read(ref _state->Waiters) > 0)
        {
            _wake.Post();
        }
        return true;
    }

    private bool TryTake(long me) => Interlocked.CompareExchange(ref _state->Owner, me, 0) == 0;

    private bool TryTakeFromDeadOwner(long me)
    {
        long owner = Volatile.Read(ref _state->Owner);
        if (owner == 0)
        {
            return TryTake(me);
        }
        int pid = PidOf(owner);
        if (pid == Environment.ProcessId || NativeProcess.IsRunning(pid))
        {
            return false;
        }
        // Only one waiter wins the swap; the others see a live owner (the winner) next time.
        if (Interlocked.CompareExchange(ref _state->Owner, me, owner) != owner)
        {
            return false;
        }
        Interlocked.Increment(ref _state->Abandonments);
        return true;
    }

    public void Dispose()
    {
        _wake.Dispose();
        _segment.Dispose();
    }
}
