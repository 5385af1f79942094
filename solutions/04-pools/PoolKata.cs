using Harness;

namespace Katas.Pools;

/// <summary>Kata 04: a pool of worker processes: map, apply_async, chunk sizes, failing tasks.</summary>
public static class PoolKata
{
    /// <summary>The course's job: the square of x. It runs in a pool worker.</summary>
    public static int Job(int x) => x * x;

    /// <summary>The id of the process running this, to see which worker ran a task.</summary>
    public static int WhoAmI(int task) => Environment.ProcessId;

    /// <summary>A job that fails for the unlucky number 13: throws <see cref="ArgumentException"/>.</summary>
    public static int Risky(int x) => x == 13 ? throw new ArgumentException($"{x} is unlucky") : x * x;

    /// <summary>Creates the course's second pool: three worker processes.</summary>
    public static MpPool CreatePool() => Mp.Pool(processes: 3);

    /// <summary><c>pool.map(job, range(n))</c>: the squares of 0..n-1, in order, computed by the pool.</summary>
    public static List<int> MapSquares(MpPool pool, int n) => pool.Map(Job, Enumerable.Range(0, n));

    /// <summary><c>pool.apply_async(job, (x,)).get()</c>: one task, submitted, then its result.</summary>
    public static int ApplyAsyncGet(MpPool pool, int x) => pool.ApplyAsync(Job, x).Get();

    /// <summary>
    /// <c>[pool.apply_async(job, (i,)) for i in range(n)]</c>, then every <c>get()</c>: submit all
    /// n tasks first, then collect the results in order.
    /// </summary>
    public static List<int> ManyApplyAsync(MpPool pool, int n)
    {
        // Submit everything first, so the workers are busy while we wait...
        var pending = Enumerable.Range(0, n).Select(i => pool.ApplyAsync(Job, i)).ToList();
        // ...then collect. Calling Get() right after each ApplyAsync would run one task at a time.
        return pending.Select(r => r.Get()).ToList();
    }

    /// <summary>Maps <see cref="Job"/> over range(n) in chunks of <paramref name="chunkSize"/> items per task.</summary>
    public static List<int> MapChunked(MpPool pool, int n, int chunkSize) =>
        pool.Map(Job, Enumerable.Range(0, n), chunkSize);

    /// <summary>Runs <see cref="WhoAmI"/> for each of <paramref name="tasks"/> tasks and returns the pids that ran them.</summary>
    public static List<int> WorkerPids(MpPool pool, int tasks) =>
        pool.Map(WhoAmI, Enumerable.Range(0, tasks), chunkSize: 1);

    /// <summary>
    /// Runs <see cref="Risky"/>(x) in the pool. Returns "ok RESULT", or, when the task throws,
    /// "failed: TYPE: MESSAGE" with the remote exception's type and message.
    /// </summary>
    public static string SafeApply(MpPool pool, int x)
    {
        try
        {
            return $"ok {pool.Apply(Risky, x)}";
        }
        catch (RemoteException e)
        {
            // The worker's exception comes back as a RemoteException; the pool itself is fine.
            return $"failed: {e.RemoteType}: {e.Message}";
        }
    }
}
