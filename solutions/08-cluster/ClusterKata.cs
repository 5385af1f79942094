using System.Globalization;
using Harness;
using Harness.Cluster;

namespace Katas.Clusters;

/// <summary>Kata 08: the same pool on a cluster of machines (Orleans silos).</summary>
public static class ClusterKata
{
    /// <summary>The course's n: range(10_000_000).</summary>
    public const long CourseN = 10_000_000;

    /// <summary>The course's job: the square of x. It runs on a silo; it may run twice if a silo is lost.</summary>
    // It only computes: running it again after a lost silo is harmless, so say so.
    [Idempotent]
    public static int Job(int x) => x * x;

    /// <summary>The silo running this task (its address), to see where a task ran.</summary>
    public static string WhereAmI(int task) => ClusterPool.CurrentSilo ?? $"not on a silo (pid {Environment.ProcessId})";

    /// <summary>Kata 03's job on a silo: the sum of i + i² + i³ for 0 ≤ i &lt; n, exactly, as text.</summary>
    [Idempotent]
    public static string EfficiencyJob(long n)
    {
        Int128 res = 0;
        for (long i = 0; i < n; i++)
        {
            Int128 x = i;
            res += x + (x * x) + (x * x * x);
        }
        // Int128 has no serializer on the way back either: its digits travel.
        return res.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A pool on the cluster the client is connected to: two workers on every silo.</summary>
    public static ClusterPool CreatePool(IClusterClient client) => ClusterPool.Connect(client, workersPerSilo: 2);

    /// <summary><c>pool.map(job, range(n))</c> on any pool: local processes or a cluster.</summary>
    public static List<int> MapSquares(IPool pool, int n) => pool.Map(Job, Enumerable.Range(0, n));

    /// <summary>Runs <see cref="WhereAmI"/> once per task, one task per chunk, and returns where each ran.</summary>
    public static List<string> Placement(IPool pool, int tasks) => pool.Map(WhereAmI, Enumerable.Range(0, tasks), chunkSize: 1);

    /// <summary>The course's multicore() on a pool: the efficiency job for n, twice, as two tasks; their sum.</summary>
    public static Int128 MultiCore(IPool pool, long n) =>
        pool.Map(EfficiencyJob, [n, n], chunkSize: 1)
            .Select(text => Int128.Parse(text, CultureInfo.InvariantCulture))
            .Aggregate(Int128.Zero, (a, b) => a + b);
}
