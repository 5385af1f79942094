using System.Collections.Concurrent;

namespace Harness.Cluster.Workers;

/// <summary>
/// The thread a worker grain runs its tasks on. A task is the user's code and may run for
/// minutes: on the silo's thread pool it would hold up Orleans' own scheduling and networking
/// (failure-detection probes included). A thread per task would cost a thread start per task,
/// the most of a small task's time; so each worker has one thread for its life.
/// </summary>
internal sealed class WorkerThread
{
    private readonly BlockingCollection<(Func<ChunkReply> Work, TaskCompletionSource<ChunkReply> Done)> _work = [];

    public WorkerThread(string name)
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = name };
        thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the thread, after the tasks given before it.</summary>
    public Task<ChunkReply> RunAsync(Func<ChunkReply> work)
    {
        var done = new TaskCompletionSource<ChunkReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add((work, done));
        return done.Task;
    }

    /// <summary>Lets the thread end once the tasks given so far are done.</summary>
    public void Stop() => _work.CompleteAdding();

    private void Loop()
    {
        foreach ((Func<ChunkReply> work, TaskCompletionSource<ChunkReply> done) in _work.GetConsumingEnumerable())
        {
            try
            {
                done.SetResult(work());
            }
#pragma warning disable CA1031 // Whatever escapes goes to the grain's caller; the thread serves the next task.
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.SetException(e);
            }
        }
        _work.Dispose();
    }
}
