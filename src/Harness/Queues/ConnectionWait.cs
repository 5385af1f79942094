using System.Diagnostics;

namespace Harness.Queues;

/// <summary>
/// Python's <c>multiprocessing.connection.wait</c>: waits until at least one of several
/// connections, queues or processes is ready, and says which.
/// </summary>
/// <remarks>
/// Each object is asked in turn whether it is ready, with short sleeps between rounds (1 ms at
/// first, up to 10 ms while nothing happens): the objects wait on different things (a ring
/// buffer in shared memory, a process's exit), and no one OS call sleeps on all of them.
/// </remarks>
internal static class ConnectionWait
{
    private const int FirstSleepMs = 1;
    private const int LongestSleepMs = 10;

    public static List<T> Wait<T>(IReadOnlyList<T> objects, int millisecondsTimeout) where T : class
    {
        var waitables = new IReadyForWait[objects.Count];
        for (int i = 0; i < objects.Count; i++)
        {
            waitables[i] = objects[i] as IReadyForWait ?? throw new ArgumentException(
                $"Item {i} ({objects[i]?.GetType().Name ?? "null"}) can't be waited for: pass connections (MpConnection), queues or processes (MpProcess).",
                nameof(objects));
        }
        long start = Stopwatch.GetTimestamp();
        int sleep = FirstSleepMs;
        while (true)
        {
            var ready = new List<T>();
            for (int i = 0; i < waitables.Length; i++)
            {
                if (waitables[i].IsReadyForWait)
                {
                    ready.Add(objects[i]);
                }
            }
            if (ready.Count > 0 || waitables.Length == 0 && millisecondsTimeout >= 0)
            {
                return ready;
            }
            long elapsed = (long)Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (millisecondsTimeout >= 0 && elapsed >= millisecondsTimeout)
            {
                return ready;
            }
            int nap = millisecondsTimeout < 0 ? sleep : (int)Math.Min(sleep, millisecondsTimeout - elapsed);
            Thread.Sleep(Math.Max(nap, 1));
            sleep = Math.Min(sleep * 2, LongestSleepMs);
        }
    }
}
