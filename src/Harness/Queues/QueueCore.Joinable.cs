using System.Diagnostics;

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
            for (int i = Volatile.Read(ref _state->JoinWaiters); i > 0; i--)
            {
                _done.Post();
            }
        }
    }

    /// <summary>Joinable queues: waits until every item put has been marked done.</summary>
    public bool JoinTasks(int millisecondsTimeout)
    {
        long start = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _state->JoinWaiters);
        try
        {
            while (Volatile.Read(ref _state->Unfinished) > 0)
            {
                int remaining = Remaining(millisecondsTimeout, start);
                if (remaining == 0)
                {
                    return false;
                }
                _done.Wait(Math.Min(remaining, SliceMs));
            }
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _state->JoinWaiters);
        }
    }
}
