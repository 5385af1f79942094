using Harness;

namespace Katas.Pools;

// Kata 04: a pool of worker processes: map, apply_async, chunk sizes, failing tasks.
// Read README.md in this folder first. Run the tests with:
//   kata check 04-pools

/// <summary>Kata 04: a pool of worker processes: map, apply_async, chunk sizes, failing tasks.</summary>
public static class PoolKata
{
    /// <summary>The course's job: the square of x. It runs in a pool worker.</summary>
    public static int Job(int x)
    {
        // TODO: return the square of x
        throw new NotImplementedException();
    }

    /// <summary>The id of the process running this, to see which worker ran a task.</summary>
    public static int WhoAmI(int task)
    {
        // TODO: return this process's id
        throw new NotImplementedException();
    }

    /// <summary>A job that fails for the unlucky number 13: throws <see cref="ArgumentException"/>.</summary>
    public static int Risky(int x)
    {
        // TODO: throw an ArgumentException when x is 13, else return x * x
        throw new NotImplementedException();
    }

    /// <summary>Creates the course's second pool: three worker processes.</summary>
    public static MpPool CreatePool()
    {
        // TODO: Mp.Pool with three processes
        throw new NotImplementedException();
    }

    /// <summary><c>pool.map(job, range(n))</c>: the squares of 0..n-1, in order, computed by the pool.</summary>
    public static List<int> MapSquares(MpPool pool, int n)
    {
        // TODO: pool.Map over 0..n-1
        throw new NotImplementedException();
    }

    /// <summary><c>pool.apply_async(job, (x,)).get()</c>: one task, submitted, then its result.</summary>
    public static int ApplyAsyncGet(MpPool pool, int x)
    {
        // TODO: ApplyAsync, then Get
        throw new NotImplementedException();
    }

    /// <summary>
    /// <c>[pool.apply_async(job, (i,)) for i in range(n)]</c>, then every <c>get()</c>: submit all
    /// n tasks first, then collect the results in order.
    /// </summary>
    public static List<int> ManyApplyAsync(MpPool pool, int n)
    {
        // TODO: submit all n tasks, then collect their results
        throw new NotImplementedException();
    }

    /// <summary>Maps <see cref="Job"/> over range(n) in chunks of <paramref name="chunkSize"/> items per task.</summary>
    public static List<int> MapChunked(MpPool pool, int n, int chunkSize)
    {
        // TODO: pass the chunk size to Map
        throw new NotImplementedException();
    }

    /// <summary>Runs <see cref="WhoAmI"/> for each of <paramref name="tasks"/> tasks and returns the pids that ran them.</summary>
    public static List<int> WorkerPids(MpPool pool, int tasks)
    {
        // TODO: map WhoAmI over the tasks, one task per chunk
        throw new NotImplementedException();
    }

    /// <summary>
    /// Runs <see cref="Risky"/>(x) in the pool. Returns "ok RESULT", or, when the task throws,
    /// "failed: TYPE: MESSAGE" with the remote exception's type and message.
    /// </summary>
    public static string SafeApply(MpPool pool, int x)
    {
        // TODO: Apply Risky; catch the RemoteException it throws for 13
        throw new NotImplementedException();
    }
}
