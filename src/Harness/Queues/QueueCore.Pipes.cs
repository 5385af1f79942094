using Harness.Native;

namespace Harness.Queues;

/// <summary>Pipes: which processes hold a sending end, so a reader knows when the stream has ended.</summary>
internal sealed unsafe partial class QueueCore
{
    /// <summary>
    /// Pipes: records an open sending end of this process. An end that arrived from another
    /// process takes over the slot its sender reserved for it (<see cref="ReserveTransitSlot"/>).
    /// </summary>
    public void ClaimWriterSlot(int transitFrom = 0)
    {
        int me = Environment.ProcessId;
        for (int i = 0; transitFrom != 0 && i < WriterSlots; i++)
        {
            if (Interlocked.CompareExchange(ref _state->WriterPids[i], me, -transitFrom) == -transitFrom)
            {
                return;
            }
        }
        for (int i = 0; i < WriterSlots; i++)
        {
            if (Interlocked.CompareExchange(ref _state->WriterPids[i], me, 0) == 0)
            {
                return;
            }
        }
        Interlocked.Increment(ref _state->UntrackedWriters);
    }

    /// <summary>
    /// Pipes: a sending end is on its way to another process. Its slot (the sender's pid,
    /// negated) counts as open while the sender lives, so the reader doesn't see the end of the
    /// stream in the moment between the sender closing its own copy and the child opening its.
    /// </summary>
    public void ReserveTransitSlot()
    {
        int mark = -Environment.ProcessId;
        for (int i = 0; i < WriterSlots; i++)
        {
            if (Interlocked.CompareExchange(ref _state->WriterPids[i], mark, 0) == 0)
            {
                return;
            }
        }
        Interlocked.Increment(ref _state->UntrackedWriters);
    }

    /// <summary>Pipes: an open sending end of this process closed; a reader asleep wakes to see whether the stream ended.</summary>
    public void ReleaseWriterSlot()
    {
        int me = Environment.ProcessId;
        bool found = false;
        for (int i = 0; i < WriterSlots && !found; i++)
        {
            found = Interlocked.CompareExchange(ref _state->WriterPids[i], 0, me) == me;
        }
        if (!found)
        {
            Interlocked.Decrement(ref _state->UntrackedWriters);
        }
        Signal(&_state->GetSignal, int.MaxValue);
    }

    /// <summary>Pipes: whether no open sending end is left in a live process.</summary>
    public bool WritersGone()
    {
        if (Volatile.Read(ref _state->UntrackedWriters) > 0)
        {
            return false;
        }
        for (int i = 0; i < WriterSlots; i++)
        {
            int pid = Math.Abs(Volatile.Read(ref _state->WriterPids[i]));
            if (pid != 0 && (pid == Environment.ProcessId || NativeProcess.IsRunning(pid)))
            {
                return false;
            }
        }
        return true;
    }
}
