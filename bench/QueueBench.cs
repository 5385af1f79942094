using System.Diagnostics;
using Harness;

namespace Bench;

/// <summary>Queue rates, measured as the anchor's queue_rate: a child producer, the parent consuming.</summary>
internal static class QueueBench
{
    /// <summary>Items per second through a queue, from a child that puts <paramref name="n"/> copies of a payload.</summary>
    public static double Rate<T>(int n, T payload)
    {
        using var q = Mp.Queue<T>();
        using var p = Mp.Process(Produce, q, n, payload);
        p.Start();
        q.Get(TimeSpan.FromSeconds(60)); // the producer is running
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < n - 1; i++)
        {
            q.Get(TimeSpan.FromSeconds(60));
        }
        double rate = (n - 1) / sw.Elapsed.TotalSeconds;
        p.Join();
        return rate;
    }

    private static void Produce<T>(MpQueue<T> q, int n, T payload)
    {
        for (int i = 0; i < n; i++)
        {
            q.Put(payload);
        }
    }
}
