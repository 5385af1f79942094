using System.Diagnostics;
using Harness;

namespace Bench;

/// <summary>
/// <c>barrier_pass_5proc_ms</c>, measured as anchors/python_multiprocessing.py's barrier_pass_ms:
/// four children and the parent pass one barrier 200 times; the children are started and have
/// met the parent once before the clock starts, so process start-up is outside it. The mean
/// time of one pass in ms, best of three runs.
/// </summary>
internal static class BarrierBench
{
    private const int Parties = 5;
    private const int Passes = 200;

    internal static double PassMs() => Enumerable.Range(0, 3).Min(_ => Once());

    private static double Once()
    {
        using MpBarrier b = Mp.Barrier(Parties);
        var ps = Enumerable.Range(0, Parties - 1).Select(_ => Mp.Process(Pass, b, Passes)).ToList();
        ps.ForEach(p => p.Start());
        TimeSpan patience = TimeSpan.FromSeconds(120);
        b.Wait(patience);
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < Passes; i++)
        {
            b.Wait(patience);
        }
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds / Passes;
        foreach (MpProcess p in ps)
        {
            p.Join();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"A barrier party failed: {p.Output}");
            }
            p.Dispose();
        }
        return ms;
    }

    private static void Pass(MpBarrier b, int n)
    {
        for (int i = 0; i < n + 1; i++)
        {
            b.Wait(TimeSpan.FromSeconds(120));
        }
    }
}
