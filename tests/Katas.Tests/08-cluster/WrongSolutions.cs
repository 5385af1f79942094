using Harness.Cluster;
using Katas.Clusters;

namespace Katas.Tests.Clusters;

/// <summary>Plausible wrong answers to kata 08. <see cref="ClusterCheckTests"/> proves the kata's checks catch each one.</summary>
internal static class WrongSolutions
{
    /// <summary>Computes the squares in the client, never using the pool.</summary>
    public static List<int> MapSquaresHere(IPool pool, int n) => [.. Enumerable.Range(0, n).Select(x => x * x)];

    /// <summary>Makes a local pool of its own instead of using the one it is given.</summary>
    public static List<int> MapSquaresOnAPoolOfItsOwn(IPool pool, int n)
    {
        using MpPool mine = Mp.Pool(2);
        return mine.Map(ClusterKata.Job, Enumerable.Range(0, n));
    }

    /// <summary>The course's job, the square, without [Idempotent].</summary>
    public static int UnmarkedJob(int x) => x * x;

    /// <summary>The efficiency job, right but without [Idempotent].</summary>
    public static string UnmarkedEfficiencyJob(long n) => ClusterKata.EfficiencyJob(n);

    /// <summary>MapSquares whose job is not marked [Idempotent]: a lost silo fails the map.</summary>
    public static List<int> MapSquaresOfAnUnmarkedJob(IPool pool, int n) => pool.Map(UnmarkedJob, Enumerable.Range(0, n));

    /// <summary>The pool's default size: one worker per core of each silo.</summary>
    public static ClusterPool CreatePoolOfTheDefaultSize(IClusterClient client) => ClusterPool.Connect(client);

    /// <summary>Names the machine instead of the silo: every silo of a one-machine cluster says the same.</summary>
    public static string WhereAmIByMachine(int task) => Environment.MachineName;

    /// <summary>Sends all the tasks as one chunk: one worker, on one silo, runs them all.</summary>
    public static List<string> PlacementInOneChunk(IPool pool, int tasks) => pool.Map(ClusterKata.WhereAmI, Enumerable.Range(0, tasks), chunkSize: tasks);

    /// <summary>Asks where it is from the client, not from a task.</summary>
    public static List<string> PlacementHere(IPool pool, int tasks) => [.. Enumerable.Range(0, tasks).Select(ClusterKata.WhereAmI)];

    /// <summary>Kata 03's job with long arithmetic: i*i*i overflows past 2,097,152.</summary>
    public static string EfficiencyJobInLong(long n)
    {
        long res = 0;
        for (long i = 0; i < n; i++)
        {
            res += i + (i * i) + (i * i * i);
        }
        return res.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs the job once and doubles it: the right figure, but not the course's two tasks.</summary>
    public static Int128 MultiCoreOnceDoubled(IPool pool, long n) =>
        2 * Int128.Parse(pool.Apply(ClusterKata.EfficiencyJob, n), System.Globalization.CultureInfo.InvariantCulture);
}
