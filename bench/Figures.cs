using System.Diagnostics;
using Harness;

namespace Bench;

/// <summary>Every figure of the anchor script, measured the way the anchor measures it.</summary>
internal static class Figures
{
    public static readonly Figure[] All =
    [
        new("process_start_join_ms", "ms", "F1", true, () => Best(3, ProcessStartJoinMs)),
        new("queue_small_msgs_per_s", "msg/s", "F0", false, () => Enumerable.Range(0, 3).Max(_ => QueueBench.Rate(100_000, 1))),
        new("queue_1mb_msgs_MB_per_s", "MB/s", "F0", false, () => Enumerable.Range(0, 3).Max(_ => QueueBench.Rate(300, new byte[1 << 20]))),
        new("pool_map_tasks_per_s", "task/s", "F0", false, () => Enumerable.Range(0, 3).Max(_ => PoolMapRate(100_000))),
        new("apply_async_tasks_per_s", "task/s", "F0", false, () => Enumerable.Range(0, 3).Max(_ => ApplyAsyncRate(10_000))),
        new("locked_increments_per_s", "op/s", "F0", false, () => LockBench.LockedIncrementsPerSecond()),
        // Not in the anchor: the lock's own rate, start-up outside the clock (no CPython figure to compare).
        new("locked_increments_per_s_after_start", "op/s", "F0", false, () => LockBench.LockedIncrementsPerSecondAfterStart(), InAnchor: false),
        // Not in the anchor: the same with the portable (polling) wait back-end, compared with CPython's figure.
        new("locked_increments_per_s_portable", "op/s", "F0", false, () => PortableRun.Measure("locked_increments_per_s"), InAnchor: false, Anchor: "locked_increments_per_s"),
        new("efficiency_speedup_2proc", "x", "F2", false, () => EfficiencyBench.EfficiencySpeedup2Proc()),
        // Not in the anchor: the same at n = 100,000,000, about the time CPython's job takes at 2,000,000.
        new("efficiency_speedup_2proc_equal_work", "x", "F2", false, () => EfficiencyBench.EfficiencySpeedup2ProcEqualWork(), InAnchor: false),
        // Not in the anchor (CPython has no cluster pool): three silo processes on loopback, beside the local pool's figures.
        new("cluster_map_tasks_per_s", "task/s", "F0", false, () => ClusterBench.MapRate(100_000), InAnchor: false),
        new("cluster_apply_async_tasks_per_s", "task/s", "F0", false, () => ClusterBench.ApplyAsyncRate(10_000), InAnchor: false),
        new("cluster_efficiency_speedup", "x", "F2", false, () => ClusterBench.EfficiencySpeedup(), InAnchor: false),
        new("barrier_pass_5proc_ms", "ms", "F2", true, () => BarrierBench.PassMs()),
        new("barrier_pass_5proc_ms_portable", "ms", "F2", true, () => PortableRun.Measure("barrier_pass_5proc_ms"), InAnchor: false, Anchor: "barrier_pass_5proc_ms"),
        new("pickle_roundtrips_per_s", "op/s", "F0", false, () => PickleBench.PickleRoundtripsPerSecond()),
    ];

    /// <summary>A figure whose harness part isn't built yet: printed as n/a, never made up.</summary>
    private static double? NotBuilt() => null;

    private static double? Best(int runs, Func<double> measure) =>
        Enumerable.Range(0, runs).Select(_ => measure()).Min();

    /// <summary>Ten sequential start+join of a job that does nothing; the mean, in ms.</summary>
    private static double ProcessStartJoinMs()
    {
        const int runs = 10;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < runs; i++)
        {
            using var p = Mp.Process(Noop);
            p.Start();
            p.Join();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"the no-op child failed: {p.Output}");
            }
        }
        return sw.Elapsed.TotalMilliseconds / runs;
    }

    /// <summary>map(square, range(n)) on a pool of 2 whose workers are up.</summary>
    private static double PoolMapRate(int n)
    {
        using var pool = Mp.Pool(2);
        pool.Map(Square, Enumerable.Range(0, 10));
        return MapRate(pool, n);
    }

    /// <summary>map(square, range(n)) on any pool, local or cluster, whose workers are up.</summary>
    internal static double MapRate(IPool pool, int n)
    {
        var sw = Stopwatch.StartNew();
        var results = pool.Map(Square, Enumerable.Range(0, n));
        double rate = n / sw.Elapsed.TotalSeconds;
        Check(results.Count == n && results[n - 1] == (long)(n - 1) * (n - 1), "map returned wrong results");
        return rate;
    }

    /// <summary>n apply_async(square, (i,)) calls, then every get().</summary>
    private static double ApplyAsyncRate(int n)
    {
        using var pool = Mp.Pool(2);
        pool.Map(Square, Enumerable.Range(0, 10));
        return ApplyAsyncRate(pool, n);
    }

    /// <summary>n apply_async(square, (i,)) calls on any pool, local or cluster, then every get().</summary>
    internal static double ApplyAsyncRate(IPool pool, int n)
    {
        var sw = Stopwatch.StartNew();
        var pending = new AsyncResult<long>[n];
        for (int i = 0; i < n; i++)
        {
            pending[i] = pool.ApplyAsync(Square, i);
        }
        long sum = 0;
        foreach (var r in pending)
        {
            sum += r.Get();
        }
        double rate = n / sw.Elapsed.TotalSeconds;
        Check(sum == Enumerable.Range(0, n).Sum(i => (long)i * i), "apply_async returned wrong results");
        return rate;
    }

    private static long Square(int x) => (long)x * x;

    private static void Check(bool ok, string what)
    {
        if (!ok)
        {
            throw new InvalidOperationException(what);
        }
    }

    private static void Noop()
    {
    }
}
