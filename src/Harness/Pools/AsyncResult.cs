using System.Runtime.CompilerServices;

namespace Harness;

/// <summary>
/// The result of a task submitted to an <see cref="MpPool"/>, like Python's <c>AsyncResult</c>.
/// Also awaitable: <c>int x = await pool.ApplyAsync(Job, 2);</c>
/// </summary>
public sealed class AsyncResult<T>
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
        TimeSpan t = timeout ?? Timeout.InfiniteTimeSpan;
        if (t != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(t, TimeSpan.Zero, nameof(timeout));
        }
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
    public Task<T> AsTask() => _completion.Task;

    /// <summary>Lets <c>await</c> wait for the result.</summary>
    public TaskAwaiter<T> GetAwaiter() => _completion.Task.GetAwaiter();

    internal bool TrySetResult(T value) => _completion.TrySetResult(value);

    internal bool TrySetException(Exception error) => _completion.TrySetException(error);
}
