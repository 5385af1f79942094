using System.Runtime.InteropServices;
using Harness.Native;
using Harness.Shared;

namespace Harness.Sync;

/// <summary>The lock word, its wake word and its owner's identity, in a shared segment.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LockState
{
    /// <summary>0 when free; else the holder as (pid &lt;&lt; 32) | managed thread id.</summary>
    public long Owner;

    /// <summary>The wake word: bumped by a Release that finds waiters, so a sleeper's wait ends.</summary>
    public int Seq;

    /// <summary>Threads (of any process) in the slow path of Acquire: asleep or about to be.</summary>
    public int Waiters;

    /// <summary>An RLock's recursion depth; read and written only by its owner.</summary>
    public int Count;

    /// <summary>How many times a waiter took the lock over from a dead owner, over the lock's life.</summary>
    public int Abandonments;

    /// <summary>The start time of the owner's process (<see cref="NativeProcess.StartTimeOf"/>), valid while <see cref="OwnerTag"/> equals <see cref="Owner"/>.</summary>
    public long OwnerStart;

    /// <summary>The <see cref="Owner"/> value <see cref="OwnerStart"/> belongs to; written after it.</summary>
    public long OwnerTag;

    /// <summary>Successful acquires through an MpLock, in any process; written only by the holder. For tests.</summary>
    public int Acquisitions;
}

/// <summary>
/// The cross-process lock under <see cref="MpLock"/>, <see cref="MpRLock"/>, shared values and
/// the queues. The lock is one 64-bit word in shared memory holding the owner's pid and
/// thread: taking it is a compare-and-swap, so an uncontended Acquire/Release never enters the
/// kernel. A thread that finds it taken spins briefly, then sleeps on the wake word
/// (<see cref="WaitBackend"/>); Release bumps that word and wakes one sleeper when any wait.
/// </summary>
/// <remarks>
/// No lost wake-ups: a waiter counts itself in <c>Waiters</c> and reads <c>Seq</c> before its
/// last try; Release frees the word and then reads <c>Waiters</c> (both full fences). Either
/// Release sees the waiter and bumps <c>Seq</c>, so the waiter's sleep on the old value ends at
/// once, or the waiter's try sees the lock free. A waiter that leaves on timeout after a
/// Release woke it passes the wake-up on, so no sleeper is left behind a free lock.
///
/// Dead owners: the owner's start time is kept beside its pid, so a pid the OS gave to a new
/// process does not keep a dead owner's lock. Nothing wakes a waiter when an owner dies, so a
/// waiter looks every <see cref="CheckIntervalMs"/>; if the owner has ended (killed, or exited
/// without releasing) it swaps the dead owner's word for its own and reports the acquisition
/// as abandoned, as a robust mutex does (EOWNERDEAD); the data the lock guarded may be half-updated.
/// </remarks>
internal sealed unsafe class LockCore : IDisposable
{
    /// <summary>How often a sleeping waiter wakes to check the owner is alive.</summary>
    private const int CheckIntervalMs = 50;

    private const int SpinCount = 40;

    private static readonly long s_pidBits = (long)Environment.ProcessId << 32;

    private readonly SharedSegment _segment;
    private readonly LockState* _state;

    private LockCore(SharedSegment segment)
    {
        _segment = segment;
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

    private WaitWord Seq => new(_segment, &_state->Seq);

    public static LockCore Create(SegmentKind kind) => new(SharedSegment.Create(kind, sizeof(LockState)));

    public static LockCore Open(string name, SegmentKind kind) => new(SharedSegment.Open(name, kind));

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
        var deadline = Deadline.In(millisecondsTimeout);
        Interlocked.Increment(ref _state->Waiters);
        int seq = 0;
        bool taken = false;
        try
        {
            while (true)
            {
                seq = Seq.Read();
                if (TryTake(me))
                {
                    taken = true;
                    return true;
                }
                int slice = deadline.Slice(CheckIntervalMs);
                if (slice > 0)
                {
                    Seq.Wait(seq, slice);
                    if (Seq.Read() != seq)
                    {
                        continue; // a Release happened: try again
                    }
                }
                // Nothing was released for a while: is the owner still there?
                if (TryTakeFromDeadOwner(me))
                {
                    taken = abandoned = true;
                    return true;
                }
                if (deadline.HasPassed)
                {
                    return false;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _state->Waiters);
            // Leaving without the lock after a Release bumped the word: that wake-up may have
            // been this thread's, so hand it to another sleeper rather than let it sleep on.
            if (!taken && Seq.Read() != seq && Volatile.Read(ref _state->Waiters) > 0)
            {
                Seq.WakeOne();
            }
        }
    }

    /// <summary>Frees the lock if <paramref name="expected"/> holds it, and wakes a waiter.</summary>
    /// <returns>false when someone else (or nobody) held it.</returns>
    public bool Release(long expected)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        // The identity goes first: a checker never pairs this owner with the next one's start
        // time. (Losing a race here only clears a tag, which makes a checker fall back to the pid.)
        if (Volatile.Read(ref _state->OwnerTag) == expected)
        {
            Volatile.Write(ref _state->OwnerTag, 0);
        }
        if (Interlocked.CompareExchange(ref _state->Owner, 0, expected) != expected)
        {
            return false;
        }
        // The CAS above is a full fence: a waiter that registered before our release is seen here.
        if (Volatile.Read(ref _state->Waiters) > 0)
        {
            Interlocked.Increment(ref _state->Seq);
            Seq.WakeOne();
        }
        return true;
    }

    private bool TryTake(long me)
    {
        if (Interlocked.CompareExchange(ref _state->Owner, me, 0) != 0)
        {
            return false;
        }
        RecordIdentity(me);
        return true;
    }

    private void RecordIdentity(long me)
    {
        _state->OwnerStart = NativeProcess.MyStartTime;
        Volatile.Write(ref _state->OwnerTag, me);
    }

    private bool TryTakeFromDeadOwner(long me)
    {
        long owner = Volatile.Read(ref _state->Owner);
        if (owner == 0)
        {
            return TryTake(me);
        }
        int pid = PidOf(owner);
        if (pid == Environment.ProcessId)
        {
            return false;
        }
        // The start time counts only if it is this owner's: read the tag on both sides of it.
        long start = Volatile.Read(ref _state->OwnerTag) == owner ? Volatile.Read(ref _state->OwnerStart) : 0;
        if (start != 0 && Volatile.Read(ref _state->OwnerTag) != owner)
        {
            start = 0;
        }
        if (NativeProcess.IsSameProcessRunning(pid, start))
        {
            return false;
        }
        // Only one waiter wins the swap; the others see a live owner (the winner) next time.
        if (Interlocked.CompareExchange(ref _state->Owner, me, owner) != owner)
        {
            return false;
        }
        RecordIdentity(me);
        Interlocked.Increment(ref _state->Abandonments);
        return true;
    }

    /// <summary>For tests of dead-owner detection: makes the lock look held by <paramref name="owner"/>, a process that started at <paramref name="startTime"/>.</summary>
    internal void ForgeOwnerForTest(long owner, long startTime)
    {
        Volatile.Write(ref _state->Owner, owner);
        _state->OwnerStart = startTime;
        Volatile.Write(ref _state->OwnerTag, owner);
    }

    public void Dispose() => _segment.Dispose();
}
