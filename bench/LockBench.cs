using System.Diagnostics;
using Harness;

namespace Bench;

/// <summary>
/// <c>locked_increments_per_s</c>, measured as anchors/python_multiprocessing.py's
/// locked_increments: two processes each do 20,000 <c>with lock: v.value += 1</c> on a
/// lock=False value; the clock runs from the first Start to the last Join, so process start-up
/// is included, as in Python. Best of three runs.
/// </summary>
internal static class LockBench
{
    private const int PerProcess = 20_000;

    internal static double LockedIncrementsPerSecond()
    {
        double best = 0;
        for (int run = 0; run < 3; run++)
        {
            best = Math.Max(best, Once());
        }
        return best;
    }

    private static double Once()
    {
        using SharedValue<int> v = Mp.Value(0, withLock: false);
        using MpLock l = Mp.Lock();
        var ps = new[] { Mp.Process(Increment, v, PerProcess, l), Mp.Process(Increment, v, PerProcess, l) };
        long start = Stopwatch.GetTimestamp();
        foreach (MpProcess p in ps)
        {
            p.Start();
        }
        foreach (MpProcess p in ps)
        {
            p.Join();
        }
        double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        foreach (MpProcess p in ps)
        {
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"A locked_increments worker failed: {p.Output}");
            }
            p.Dispose();
        }
        if (v.Value != 2 * PerProcess)
        {
            throw new InvalidOperationException($"locked_increments lost updates: {v.Value} != {2 * PerProcess}.");
        }
        return 2 * PerProcess / elapsed;
    }

    /// <summary>
    /// The same contended work with process start-up and exit outside the clock: both children
    /// meet the parent at a barrier, increment, and meet it again. What the lock itself does.
    /// </summary>
    internal static double LockedIncrementsPerSecondAfterStart()
    {
        double best = 0;
        for (int run = 0; run < 3; run++)
        {
            using SharedValue<int> v = Mp.Value(0, withLock: false);
            using MpLock l = Mp.Lock();
            using MpBarrier b = Mp.Barrier(3);
            var ps = new[] { Mp.Process(IncrementBetween, v, PerProcess, l, b), Mp.Process(IncrementBetween, v, PerProcess, l, b) };
            foreach (MpProcess p in ps)
            {
                p.Start();
            }
            b.Wait(TimeSpan.FromSeconds(120));
            long start = Stopwatch.GetTimestamp();
            b.Wait(TimeSpan.FromSeconds(120));
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            foreach (MpProcess p in ps)
            {
                p.Join();
                p.Dispose();
            }
            if (v.Value != 2 * PerProcess)
            {
                throw new InvalidOperationException($"locked_increments lost updates: {v.Value} != {2 * PerProcess}.");
            }
            best = Math.Max(best, 2 * PerProcess / elapsed);
        }
        return best;
    }

    private static void IncrementBetween(SharedValue<int> v, int n, MpLock l, MpBarrier b)
    {
        b.Wait(TimeSpan.FromSeconds(120));
        Increment(v, n, l);
        b.Wait(TimeSpan.FromSeconds(120));
    }

    private static void Increment(SharedValue<int> v, int n, MpLock l)
    {
        for (int i = 0; i < n; i++)
        {
            using (l.Hold())
            {
                v.Value += 1;
            }
        }
    }
}
