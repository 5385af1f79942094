using Harness.Transport;

namespace Harness.Pools;

/// <summary>
/// The pool's side of one worker: its process, its connection, and the tasks sent to it that
/// have not come back, oldest first. A worker runs tasks in the order it gets them, so when it
/// dies the oldest is the one it was running and the others never started.
/// All mutable state is guarded by the pool's lock.
/// </summary>
internal sealed class WorkerLink(MpProcess process)
{
    public MpProcess Process { get; } = process;

    public Stream? Stream { get; set; }

    /// <summary>Tasks sent and not yet answered, in the order sent.</summary>
    public Queue<PoolTask> Outstanding { get; } = new();

    /// <summary>Function ids this worker has been told about.</summary>
    public HashSet<int> Defined { get; } = [];

    /// <summary>Frames waiting for the writer loop.</summary>
    public FrameWriter Pending { get; set; } = new();

    /// <summary>The frames the writer is sending now; swapped with <see cref="Pending"/>.</summary>
    public FrameWriter Sending { get; set; } = new();

    public SemaphoreSlim WriteSignal { get; } = new(0);

    /// <summary>Tasks sent so far, for maxTasksPerChild.</summary>
    public int Sent { get; set; }

    public bool StopSent { get; set; }

    /// <summary>False once the connection has closed or the process has exited.</summary>
    public bool Gone { get; set; }

    /// <summary>Recent run time of a task on this worker, in microseconds (exponential average); negative until the first result.</summary>
    public double AverageMicros { get; private set; } = -1;

    public void RecordRunTime(int micros) =>
        AverageMicros = AverageMicros < 0 ? micros : (0.8 * AverageMicros) + (0.2 * micros);

    /// <summary>
    /// How many tasks may wait at this worker. Short tasks get a deep window, so round trips
    /// overlap; long ones (2 ms and more) a window of one, so that, as in CPython's pool, a
    /// worker takes a new task only when it is free and no task waits behind a slow one while
    /// another worker idles. One until the first timing: a cold pool must not hand every task
    /// to the worker that happened to connect first.
    /// </summary>
    public int Window => AverageMicros < 0 ? 1 : (int)Math.Clamp(2000 / Math.Max(AverageMicros, 1), 1, 64);
}
