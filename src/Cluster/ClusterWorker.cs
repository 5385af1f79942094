using Harness.Cluster.Workers;

namespace Harness.Cluster;

/// <summary>
/// The pool's side of one worker grain: its silo and the tasks sent to it that have not come
/// back, oldest first. A worker runs tasks one at a time in the order sent, so when its silo is
/// lost the oldest is the one it was running and the others never started.
/// Mutable state is guarded by the pool's lock.
/// </summary>
internal sealed class ClusterWorker(IPoolWorkerGrain grain, SiloFacts silo)
{
    public IPoolWorkerGrain Grain { get; } = grain;

    public SiloFacts Silo { get; } = silo;

    /// <summary>Tasks sent and not yet answered, in the order sent.</summary>
    public List<ClusterTask> Outstanding { get; } = [];

    /// <summary>True once the worker's silo is lost: it takes no more tasks.</summary>
    public bool Lost { get; set; }
}
