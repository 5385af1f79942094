using Harness.Native;

namespace Harness.Queues;

/// <summary>The wait words of a queue and the two halves of its wake protocol.</summary>
internal sealed unsafe partial class QueueCore
{
    /// <summary>How often a pipe's reader, asleep, looks whether the writer's process has died (nothing wakes it then).</summary>
    private const int WriterCheckMs = 100;

    private WaitWord GetSignal => new(_segment, &_state->GetSignal);

    private WaitWord PutSignal => new(_segment, &_state->PutSignal);

    private WaitWord DoneSignal => new(_segment, &_state->DoneSignal);

    /// <summary>Waker's half: the change is already published; bump the word, then wake.</summary>
    private void Signal(int* word, int count)
    {
        Interlocked.Increment(ref *word);
        new WaitWord(_segment, word).Wake(count);
    }

    /// <summary>
    /// Sleeper's exit: uncounts itself, and when it leaves empty-handed after the word moved on,
    /// passes on the wake-up that may have been meant for it, so no other sleeper sleeps through it.
    /// </summary>
    private static void Leave(ref int waiters, WaitWord word, int signalSeen, bool emptyHanded)
    {
        Interlocked.Decrement(ref waiters);
        if (emptyHanded && word.Read() != signalSeen && Volatile.Read(ref waiters) > 0)
        {
            word.WakeOne();
        }
    }

    /// <summary>Pipes: waits until an item is there or the stream has ended (the writers are gone), or the timeout passes.</summary>
    /// <returns>false on timeout.</returns>
    public bool WaitReadable(int millisecondsTimeout, Func<bool> endOfStream)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var deadline = Sync.Deadline.In(millisecondsTimeout);
        Interlocked.Increment(ref _state->ItemWaiters);
        try
        {
            while (true)
            {
                int signal = GetSignal.Read();
                if (!IsEmpty || endOfStream())
                {
                    return true;
                }
                if (deadline.HasPassed)
                {
                    return false;
                }
                GetSignal.Wait(signal, deadline.Slice(WriterCheckMs));
            }
        }
        finally
        {
            // Poll takes nothing: a Put's wake-up that landed here belongs to a Recv.
            Interlocked.Decrement(ref _state->ItemWaiters);
            if (!IsEmpty && Volatile.Read(ref _state->ItemWaiters) > 0)
            {
                GetSignal.WakeOne();
            }
        }
    }
}
