using Katas.Pools;

namespace Katas.Tests.Pools;

/// <summary>Plausible wrong answers to kata 04. <see cref="PoolCheckTests"/> proves the kata's checks catch each one.</summary>
internal static class WrongSolutions
{
    /// <summary>One Apply per item instead of one Map.</summary>
    public static List<int> MapSquaresWithOneApplyPerItem(MpPool pool, int n) => [.. Enumerable.Range(0, n).Select(i => pool.Apply(PoolKata.Job, i))];

    /// <summary>Computes the squares in the parent.</summary>
    public static List<int> MapSquaresHere(MpPool pool, int n) => [.. Enumerable.Range(0, n).Select(PoolKata.Job)];

    /// <summary>A pool of the default size: one worker per core of this machine.</summary>
    public static MpPool CreatePoolOfTheDefaultSize() => Mp.Pool();

    /// <summary>A pool of Mp.CpuCount workers: the default, spelled out.</summary>
    public static MpPool CreatePoolOfCpuCount() => Mp.Pool(Mp.CpuCount);

    /// <summary>Gets each result right after submitting it.</summary>
    public static List<int> ManyApplyAsyncWaitingForEach(MpPool pool, int n) => [.. Enumerable.Range(0, n).Select(i => pool.ApplyAsync(PoolKata.Job, i).Get())];

    /// <summary>Uses Map instead of one ApplyAsync per item.</summary>
    public static List<int> ManyApplyAsyncWithMap(MpPool pool, int n) => pool.Map(PoolKata.Job, Enumerable.Range(0, n));

    /// <summary>Forgets to pass the chunk size.</summary>
    public static List<int> MapChunkedIgnoringTheChunkSize(MpPool pool, int n, int chunkSize) => pool.Map(PoolKata.Job, Enumerable.Range(0, n));

    /// <summary>Makes a pool of its own instead of using the one it was given.</summary>
    public static List<int> WorkerPidsInAPoolOfItsOwn(MpPool pool, int tasks)
    {
        using MpPool mine = Mp.Pool(3);
        return mine.Map(PoolKata.WhoAmI, Enumerable.Range(0, tasks), chunkSize: 1);
    }

    /// <summary>Lets Map pick the chunks: 30 tasks become 10.</summary>
    public static List<int> WorkerPidsWithDefaultChunks(MpPool pool, int tasks) => pool.Map(PoolKata.WhoAmI, Enumerable.Range(0, tasks));

    /// <summary>Returns the thread's id instead of the process's.</summary>
    public static int WhoAmIByThread(int task) => Environment.CurrentManagedThreadId;

    public static List<int> WorkerPidsWith(Func<int, int> whoAmI, MpPool pool, int tasks) => pool.Map(whoAmI, Enumerable.Range(0, tasks), chunkSize: 1);

    /// <summary>Catches Exception and reports the type of the exception it caught: always RemoteException.</summary>
    public static string SafeApplyReportingTheCaughtType(MpPool pool, int x)
    {
        try
        {
            return $"ok {pool.Apply(PoolKata.Risky, x)}";
        }
#pragma warning disable CA1031 // The mistake under test.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"failed: {e.GetType().FullName}: {e.Message}";
        }
    }

    /// <summary>Runs Risky in the parent.</summary>
    public static string SafeApplyHere(MpPool pool, int x)
    {
        try
        {
            return $"ok {PoolKata.Risky(x)}";
        }
        catch (ArgumentException e)
        {
            return $"failed: {e.GetType().FullName}: {e.Message}";
        }
    }

    /// <summary>Throws another type than ArgumentException for 13.</summary>
    public static int RiskyWithAnotherException(int x) => x == 13 ? throw new InvalidOperationException("13 is unlucky") : x * x;
}
