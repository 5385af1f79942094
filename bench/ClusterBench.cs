using System.Diagnostics;
using System.Globalization;
using Harness;
using Harness.Cluster;

namespace Bench;

/// <summary>
/// The cluster pool's figures, on three silo processes on loopback started from this build (two
/// workers each, one per core of this machine), measured as the local pool's figures are so
/// that they can be compared in one run. They have no CPython anchor.
/// </summary>
internal static class ClusterBench
{
    private static LocalSilos? s_silos;
    private static ClusterPool? s_pool;

    /// <summary>map(square, range(n)) on the cluster, the pool connected and warm; best of three.</summary>
    internal static double MapRate(int n) => Enumerable.Range(0, 3).Max(_ => Figures.MapRate(Pool(), n));

    /// <summary>n apply_async(square, (i,)) on the cluster, then every get(); best of three.</summary>
    internal static double ApplyAsyncRate(int n) => Enumerable.Range(0, 3).Max(_ => Figures.ApplyAsyncRate(Pool(), n));

    /// <summary>
    /// The efficiency job (kata 03) done twice serially, then as map(job, [n, n]) on the cluster,
    /// one task each; serial time over cluster time, best of two. n = 100,000,000, the size at
    /// which one .NET job takes about as long as CPython's at the anchor's 2,000,000.
    /// </summary>
    internal static double EfficiencySpeedup()
    {
        const long n = 100_000_000;
        ClusterPool pool = Pool();
        _ = EfficiencyBench.SeedJob(1000);
        pool.Map(EfficiencyBench.SeedJobText, [1000L, 1000L], chunkSize: 1); // the silos' first call, JIT included, off the clock
        double best = 0;
        for (int run = 0; run < 2; run++)
        {
            long start = Stopwatch.GetTimestamp();
            Int128 serial = EfficiencyBench.SeedJob(n) + EfficiencyBench.SeedJob(n);
            double ts = Stopwatch.GetElapsedTime(start).TotalSeconds;
            start = Stopwatch.GetTimestamp();
            List<string> parts = pool.Map(EfficiencyBench.SeedJobText, [n, n], chunkSize: 1);
            double tc = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Int128 parallel = parts.Select(p => Int128.Parse(p, CultureInfo.InvariantCulture)).Aggregate(Int128.Zero, (a, b) => a + b);
            Check(serial == parallel, $"serial {serial} != cluster {parallel}");
            best = Math.Max(best, ts / tc);
        }
        return best;
    }

    /// <summary>Stops the silos, if a cluster figure started them.</summary>
    internal static void Stop()
    {
        s_pool?.Dispose();
        s_silos?.Dispose();
    }

    private static ClusterPool Pool()
    {
        if (s_pool is null)
        {
            s_silos = LocalSilos.Start(3, output: TextWriter.Null);
            s_pool = s_silos.CreatePool();
            s_pool.Map(Warm, Enumerable.Range(0, 100), chunkSize: 1); // every worker up, off the clock
        }
        return s_pool;
    }

    private static int Warm(int x) => x;

    private static void Check(bool ok, string what)
    {
        if (!ok)
        {
            throw new InvalidOperationException(what);
        }
    }
}
