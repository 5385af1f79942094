using Harness.Queues;
using Harness.Shared;

namespace Harness;

/// <summary>
/// A queue whose consumers mark each item done, so that a producer can wait until every item
/// has been processed, like Python's <c>JoinableQueue</c>. Create it with <see cref="Mp.JoinableQueue{T}"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The name mirrors Python's multiprocessing.Queue; API.md fixes it.")]
public sealed class MpJoinableQueue<T> : MpQueue<T>
{
    private MpJoinableQueue(QueueCore core) : base(core, joinable: true)
    {
    }

    internal static new MpJoinableQueue<T> Create(int maxSize) => new(CreateCore(maxSize));

    internal static new MpJoinableQueue<T> Open(string name, string putLock, string getLock) => new(OpenCore(name, putLock, getLock));

    /// <summary>Marks one item taken with Get as fully processed.</summary>
    /// <exception cref="InvalidOperationException">Called more times than items were put (Python's ValueError).</exception>
    public void TaskDone() => Core.TaskDone();

    /// <summary>Blocks until every item put on the queue has been marked done with <see cref="TaskDone"/>.</summary>
    public void Join()
    {
        using (Processes.Blocking.Enter("Join", this, "joinable queue", Core.Name, timed: false))
        {
            Core.JoinTasks(-1);
        }
    }

    /// <summary>Blocks until every item is marked done, or the timeout passes.</summary>
    /// <returns>false when items were still unfinished at the timeout.</returns>
    public bool Join(TimeSpan timeout)
    {
        int ms = Sync.Timeouts.ToMilliseconds(timeout, nameof(timeout));
        using (Processes.Blocking.Enter("Join", this, "joinable queue", Core.Name, timed: ms >= 0))
        {
            return Core.JoinTasks(ms);
        }
    }
}
