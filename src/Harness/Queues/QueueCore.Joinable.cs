using Harness.Sync;

namespace Harness.Queues;

/// <summary>Joinable queues: items put but not yet marked done.</summary>
internal sealed unsafe partial class QueueCore
{
    /// <summary>Joinable queues: one item fully processed.</summary>
    public void TaskDone()
    {
        long left = Interlocked.Decrement(ref _state->Unfinished);
        if (left < 0)
        {
            Interlocked.Increment(ref _state->Unfinished);
            throw new InvalidOperationException("TaskDone() was called more times than there were items put on the queue.");
        }
        if (left == 0)
        {
            // The decrement above is a full fence: a Join counted before it is seen here.
            if (Volatile.Read(ref _state->JoinWaiters) > 0)
            {
                Signal(&_state->DoneSignal, int.MaxValue);
            }
        }
    }

    /// <summary>Joinable queues: waits until every item put has been marked done.</summary>
    public bool JoinTasks(int millisecondsTimeout)
    {
        var deadline = Deadline.In(millisecondsTimeout);
        Interlocked.Increment(ref _state->JoinWaiters);
        try
        {
            while (true)
            {
                int signal = DoneSignal.Read();
                if (Volatile.Read(ref _state->Unfinished) <= 0)
                {
                    return true;
                }
                if (deadline.HasPassed)
                {
                    return false;
                }
                DoneSignal.Wait(signal, deadline.Remaining);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _state->JoinWaiters);
        }
    }
}
