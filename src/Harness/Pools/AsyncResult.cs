using System.Runtime.CompilerServices;

namespace Harness;

/// <summary>
/// The result of a task submitted to an <see cref="MpPool"/>, like Python's <c>AsyncResult</c>.
/// Also awaitable: <c>int x = await pool.ApplyAsync(Job, 2);</c>
/// </summary>
public sealed class AsyncResult<T> : IOrderProbe
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal AsyncResult()
    {
    }

    /// <summary>Waits for the result and returns it.</summary>
    /// <param name="timeout">How long to wait; null waits as long as it takes (a pool never leaves a task pending forever).</param>
    /// <exception cref="RemoteException">The function threw in the worker.</exception>
    /// <exception cref="WorkerLostException">The worker running the task died.</exception>
    /// <exception cref="OperationCanceledException">The pool was terminated first.</exception>
    /// <exception cref="TimeoutException">The result wasn't ready within <paramref name="timeout"/>.</exception>
    public T Get(TimeSpan? timeout = null)
    {
        NoteWait();
        Wait(timeout);
        if (!_completion.Task.IsCompleted)
        {
            throw new TimeoutException($"The pool's result wasn't ready within {timeout}.");
        }
        return _completion.Task.GetAwaiter().GetResult();
    }

    /// <summary>Waits until the result is ready or the timeout passes; never throws the task's error.</summary>
    public void Wait(TimeSpan? timeout = null)
    {
        NoteWait();
        TimeSpan t = timeout ?? Timeout.InfiniteTimeSpan;
        if (t != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(t, TimeSpan.Zero, nameof(timeout));
        }
        if (_completion.Task.IsCompleted)
        {
            return;
        }
        using var waiting = Processes.Blocking.Enter("Get", this, "pool result", null, timed: t != Timeout.InfiniteTimeSpan);
        ((IAsyncResult)_completion.Task).AsyncWaitHandle.WaitOne(t);
    }

    /// <summary>Whether the task has finished, one way or another.</summary>
    public bool Ready => _completion.Task.IsCompleted;

    /// <summary>Whether the task finished without an error.</summary>
    /// <exception cref="InvalidOperationException">The task has not finished yet.</exception>
    public bool Successful => Ready
        ? _completion.Task.IsCompletedSuccessfully
        : throw new InvalidOperationException("The result is not ready yet: Successful is known only once Ready is true.");

    /// <summary>The result as a task, for async code.</summary>
    public Task<T> AsTask()
    {
        NoteWait();
        return _completion.Task;
    }

    /// <summary>Lets <c>await</c> wait for the result.</summary>
    public TaskAwaiter<T> GetAwaiter() => AsTask().GetAwaiter();

    /// <summary>When the task was submitted, on the clock shared with <see cref="WaitSequence"/>; for tests.</summary>
    internal long SubmitSequence { get; set; }

    /// <summary>When a caller first waited for this result (Get, Wait, AsTask, await); 0 before. For tests.</summary>
    internal long WaitSequence { get; private set; }

    long IOrderProbe.SubmitSequence => SubmitSequence;

    long IOrderProbe.WaitSequence => WaitSequence;

    private void NoteWait()
    {
        if (WaitSequence == 0)
        {
            WaitSequence = AsyncResultClock.Next();
        }
    }

    internal bool TrySetResult(T value) => _completion.TrySetResult(value);

    private int _failureClaimed;

    /// <summary>True for the first caller only: several chunks of one map may fail, and the error callback runs once.</summary>
    internal bool ClaimFailure() => Interlocked.Exchange(ref _failureClaimed, 1) == 0;

    internal bool TrySetException(Exception error) => _completion.TrySetException(error);
}

/// <summary>One clock for the order of submissions and waits across all results, for tests.</summary>
internal static class AsyncResultClock
{
    private static long s_now;

    public static long Next() => Interlocked.Increment(ref s_now);
}

/// <summary>What a test reads of a result's submit and wait order, whatever its type.</summary>
internal interface IOrderProbe
{
    long SubmitSequence { get; }

    long WaitSequence { get; }
}
