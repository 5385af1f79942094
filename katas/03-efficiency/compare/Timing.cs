using System.Diagnostics;

namespace Katas.Efficiency.Compare;

/// <summary>One size: the best time of each variant, in milliseconds.</summary>
internal sealed record Row(long N, double SerialMs, double ThreadsMs, double ProcessesMs)
{
    public double ThreadSpeedup => SerialMs / ThreadsMs;

    public double ProcessSpeedup => SerialMs / ProcessesMs;
}

/// <summary>Times the learner's three variants; checks that they agree, so a wrong answer is never timed as a fast one.</summary>
internal static class Timing
{
    public const int Runs = 3;

    public static List<Row> MeasureAll(IReadOnlyList<long> sizes, Action<long> progress)
    {
        // Job first, here: a stub that throws on one of MultiThread's threads would end this program
        // without a word, while here it is reported as a stub.
        using (var q = Harness.Mp.Queue<string>())
        {
            EfficiencyKata.Job(q, 10);
        }
        // Warm-up: compile each variant (and start the harness) before any clock runs.
        Measure(1000);
        var rows = new List<Row>();
        foreach (long n in sizes)
        {
            progress(n);
            rows.Add(Measure(n));
        }
        return rows;
    }

    private static Row Measure(long n)
    {
        Int128 expected = EfficiencyKata.ClosedForm(n) * 2;
        double serial = Best(() => EfficiencyKata.Normal(EfficiencyKata.Job, n), expected, "Normal", n);
        double threads = Best(() => EfficiencyKata.MultiThread(EfficiencyKata.Job, n), expected, "MultiThread", n);
        double processes = Best(() => EfficiencyKata.MultiCore(EfficiencyKata.Job, n), expected, "MultiCore", n);
        return new Row(n, serial, threads, processes);
    }

    private static double Best(Func<Int128> variant, Int128 expected, string name, long n)
    {
        double best = double.MaxValue;
        for (int run = 0; run < Runs; run++)
        {
            long start = Stopwatch.GetTimestamp();
            Int128 result = variant();
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (result != expected)
            {
                throw new InvalidOperationException($"{name}({n}) gave {result}, but the closed form says {expected}: fix it before timing it (run the kata's tests).");
            }
            best = Math.Min(best, ms);
        }
        return best;
    }
}
