using System.Diagnostics;
using Harness;

/// <summary>
/// pickle_roundtrips_per_s: Dumps then Loads of the course's dict, as pickle_rate in
/// anchors/python_multiprocessing.py does (20 000 round trips, best of 5 after a 2 s warm-up; Python's is best of 3).
/// </summary>
internal static class PickleBench
{
    internal static double PickleRoundtripsPerSecond()
    {
        var course = new Dictionary<object, object?>
        {
            ["da"] = 111,
            [2] = new List<object?> { 23, 1, 4 },
            ["24"] = new Dictionary<object, object?> { [1] = 2, ["d"] = "sad" },
        };
        const int n = 20_000;
        // Warm up for a while rather than a count: the JIT recompiles hot methods (tier 1, with
        // profile data) in the background after they have run for some time, not after N calls.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(2))
        {
            Pickle.Loads(Pickle.Dumps(course));
        }
        double best = 0;
        for (int round = 0; round < 5; round++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
            {
                Pickle.Loads(Pickle.Dumps(course));
            }
            best = Math.Max(best, n / sw.Elapsed.TotalSeconds);
        }
        return best;
    }
}
