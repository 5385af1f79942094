using System.Runtime.InteropServices;
using Harness.Shared;

namespace Harness.Native;

/// <summary>One sleeper's place in a segment's wait table.</summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal struct WaitSlot
{
    /// <summary>0 when free; else the sleeper as (pid &lt;&lt; 32) | managed thread id.</summary>
    public long Occupant;

    /// <summary>Which word of the segment it sleeps on: the word's offset from the segment's start.</summary>
    public int WordOffset;

    /// <summary><see cref="SlotBackend.Waiting"/> until a waker claims it (<see cref="SlotBackend.Signalled"/>).</summary>
    public int State;

    /// <summary>Free for the slot's wake object (the futex stand-in counts its signals here).</summary>
    public int Signal;
}

/// <summary>How a slot's sleeper is put to sleep and signalled: a kernel object per slot on Windows.</summary>
internal unsafe interface ISlotWake
{
    /// <summary>Called with the slot claimed, before it is published: makes the wake object ready and drops stale signals.</summary>
    /// <returns>A token <see cref="Sleep"/> gets back.</returns>
    int Prepare(SharedSegment segment, int index, WaitSlot* slot);

    /// <summary>Sleeps until <see cref="Signal"/> or the timeout (-1: none).</summary>
    void Sleep(SharedSegment segment, int index, WaitSlot* slot, int token, int millisecondsTimeout);

    /// <summary>Wakes the slot's sleeper, in whatever process it is.</summary>
    void Signal(SharedSegment segment, int index, WaitSlot* slot);

    /// <summary>Drops what this process keeps for the segment's slots.</summary>
    void Forget(SharedSegment segment);
}

/// <summary>
/// A wait queue in shared memory, for systems whose kernel can't wait on a shared address
/// across processes (Windows: <c>WaitOnAddress</c> is per process). Each segment that holds
/// wait words carries a table of <see cref="Slots"/> sleepers; a sleeper claims a slot, writes
/// which word it sleeps on, looks at the word once more and sleeps on its slot's own wake
/// object. A waker changes the word first, then signals the sleepers of that word one by one,
/// claiming each (Waiting to Signalled) so that two wake-ones never pick the same sleeper.
/// </summary>
/// <remarks>
/// Why per sleeper and not one semaphore per object: a semaphore's posts are anonymous, so a
/// thread that comes back for the next round takes the post meant for one still asleep, which
/// then sleeps through its wake-up. That is how the first barrier lost 45% of its wake-ups.
/// Publishing the slot and reading the word are ordered by a full fence, as are the waker's
/// change of the word and its scan: either the waker sees the slot, or the sleeper sees the
/// new value and doesn't sleep. A full table falls back to polling, which loses nothing.
/// </remarks>
internal sealed unsafe class SlotBackend(ISlotWake wake) : WaitBackend
{
    public const int Slots = 32;
    public const int TableSize = Slots * 32;
    internal const int Waiting = 1;
    internal const int Signalled = 2;

    private static readonly PollingBackend s_fallback = new();

    public override string Name => OperatingSystem.IsWindows() ? "native" : "slots";

    public override void Wait(WaitWord word, int expected, int millisecondsTimeout)
    {
        var table = (WaitSlot*)word.Segment.WaitTable;
        long me = ((long)Environment.ProcessId << 32) | (uint)Environment.CurrentManagedThreadId;
        int index = table is null || millisecondsTimeout == 0 ? -1 : Claim(table, me);
        if (index < 0)
        {
            s_fallback.Wait(word, expected, millisecondsTimeout);
            return;
        }
        WaitSlot* slot = table + index;
        try
        {
            slot->WordOffset = (int)((byte*)word.Address - word.Segment.Base);
            int token = wake.Prepare(word.Segment, index, slot);
            Interlocked.Exchange(ref slot->State, Waiting); // full fence: published before the word is read
            if (word.Read() == expected)
            {
                wake.Sleep(word.Segment, index, slot, token, millisecondsTimeout);
            }
        }
        finally
        {
            Volatile.Write(ref slot->State, 0);
            Volatile.Write(ref slot->Occupant, 0);
        }
    }

    public override void Wake(WaitWord word, int count)
    {
        var table = (WaitSlot*)word.Segment.WaitTable;
        if (table is null)
        {
            return;
        }
        int offset = (int)((byte*)word.Address - word.Segment.Base);
        Interlocked.MemoryBarrier(); // the caller's change of the word is visible before the scan
        for (int i = 0; i < Slots && count > 0; i++)
        {
            WaitSlot* slot = table + i;
            if (Volatile.Read(ref slot->Occupant) != 0 && Volatile.Read(ref slot->WordOffset) == offset
                && Interlocked.CompareExchange(ref slot->State, Signalled, Waiting) == Waiting)
            {
                wake.Signal(word.Segment, i, slot);
                count--;
            }
        }
    }

    public override void Forget(SharedSegment segment) => wake.Forget(segment);

    private static int Claim(WaitSlot* table, long me)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < Slots; i++)
            {
                if (Interlocked.CompareExchange(ref table[i].Occupant, me, 0) == 0)
                {
                    return i;
                }
            }
            // Full: free the slots of sleepers whose process has ended (killed while asleep).
            for (int i = 0; i < Slots; i++)
            {
                long occupant = Volatile.Read(ref table[i].Occupant);
                if (occupant != 0 && !NativeProcess.IsRunning((int)(occupant >> 32)))
                {
                    Interlocked.CompareExchange(ref table[i].Occupant, 0, occupant);
                }
            }
        }
        return -1;
    }
}

/// <summary>
/// Linux stand-in for the Windows kernel objects: a futex on the slot's own signal counter.
/// It lets the wait table's logic run on every Linux test run (<c>HARNESS_WAIT=slots</c>).
/// </summary>
internal sealed unsafe class FutexSlotWake : ISlotWake
{
    private static readonly FutexBackend s_futex = new();

    public int Prepare(SharedSegment segment, int index, WaitSlot* slot) => Volatile.Read(ref slot->Signal);

    public void Sleep(SharedSegment segment, int index, WaitSlot* slot, int token, int millisecondsTimeout) =>
        s_futex.Wait(new WaitWord(segment, &slot->Signal), token, millisecondsTimeout);

    public void Signal(SharedSegment segment, int index, WaitSlot* slot)
    {
        Interlocked.Increment(ref slot->Signal);
        s_futex.Wake(new WaitWord(segment, &slot->Signal), 1);
    }

    public void Forget(SharedSegment segment)
    {
    }
}
