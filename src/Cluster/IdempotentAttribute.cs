namespace Harness.Cluster;

/// <summary>
/// Marks a pool function as safe to run twice on the same input (it only computes its result:
/// it writes no file, sends nothing, changes nothing outside itself). When the silo running such
/// a task is lost, <see cref="ClusterPool"/> runs the task once more on another silo instead of
/// failing it with <see cref="WorkerLostException"/>.
/// </summary>
/// <remarks>
/// Without the mark a lost task fails: the pool can't know whether the silo finished the work
/// (and its side effects) before it died, and running it again could do them twice.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class IdempotentAttribute : Attribute
{
}
