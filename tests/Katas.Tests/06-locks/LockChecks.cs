using System.Diagnostics;

namespace Katas.Tests.Locks;

/// <summary>
/// Runs a job of kata 06 in two processes with the race window widened, and says whether
/// updates were lost. The harness's switch makes each write to the shared value wait (up to the
/// window) until another process has read it: an unguarded read-modify-write then loses an
/// update on every overlap, while a job that holds the lock around it only waits.
/// </summary>
internal static class LockChecks
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan s_window = TimeSpan.FromMilliseconds(150);

    /// <param name="Total">The counter at the end.</param>
    /// <param name="Adds1">The process that added 1s.</param>
    /// <param name="Adds3">The process that added 3s.</param>
    /// <param name="Abandoned">How often a process took the lock over from one that had ended still holding it.</param>
    public sealed record RaceResult(int Total, MpProcess Adds1, MpProcess Adds3, int Abandoned) : IDisposable
    {
        public void Dispose()
        {
            Adds1.Dispose();
            Adds3.Dispose();
        }
    }

    /// <summary>The child's side: meet the other process at the start line, then run the job.</summary>
    private static void Racer(SharedValue<int> v, int num, MpLock l, SharedArray<int> start)
    {
        Span<int> s = start.AsSpan();
        Interlocked.Increment(ref s[0]);
        var sw = Stopwatch.StartNew();
        // Both processes start their loops together, so their loops overlap.
        while (Volatile.Read(ref s[0]) < 2 && sw.Elapsed < Patience)
        {
            Thread.Yield();
        }
        WrongSolutions.ByNumber(s[1])(v, num, l);
    }

    /// <summary>Runs job number <paramref name="which"/> (see <see cref="WrongSolutions.ByNumber"/>) as the course does, with adds of 1 and 3.</summary>
    /// <param name="which">0 for the learner's job, else a wrong solution.</param>
    /// <param name="widen">Whether to widen the race window (the lost-update check needs it; the release check doesn't).</param>
    public static RaceResult Race(int which, bool widen = true)
    {
        using MpLock l = Mp.Lock();
        using SharedValue<int> v = Mp.Value(0);
        using SharedArray<int> start = Mp.Array<int>([0, which], withLock: false);
        v.RaceWindow = widen ? s_window : TimeSpan.Zero;
        var p1 = Mp.Process(Racer, v, 1, l, start);
        var p2 = Mp.Process(Racer, v, 3, l, start);
        p1.OutputWriter = TextWriter.Null;
        p2.OutputWriter = TextWriter.Null;
        p1.Start();
        p2.Start();
        p1.Join(Patience);
        p2.Join(Patience);
        return new RaceResult(v.Value, p1, p2, l.AbandonedCount);
    }

    /// <summary>Null when each process released the lock it took; otherwise what went wrong, in the learner's terms.</summary>
    public static string? FindUnreleasedLock(RaceResult run) => run.Abandoned == 0 ? null :
        "a process ended while still holding the lock, so the other could only take it after noticing the holder was gone " +
        "(in Python it would wait forever: the course's author saw a program that \"shows nothing\"). " +
        "Release what you acquire: `using (l.Hold()) { ... }` releases it when the block ends, even if the block throws.";

    /// <summary>Null when the run added up to 40; otherwise what went wrong, in the learner's terms.</summary>
    public static string? FindLostUpdates(RaceResult run)
    {
        foreach (MpProcess p in new[] { run.Adds1, run.Adds3 })
        {
            if (p.ExitCode != 0)
            {
                return $"{p.Name} did not finish its job: exit code {p.ExitCode?.ToString() ?? "(still running)"}"
                    + (p.Error is { } e ? $", it threw {e.RemoteType}: {e.Message}" : "") + $". It printed: {p.Output}";
            }
        }
        if (run.Total == 40)
        {
            return null;
        }
        return $"the counter ended at {run.Total}, not 40: {(40 - run.Total)} of the additions were lost. " +
            "`v.Value += num` reads the value and then writes value + num; if the other process reads between " +
            "your read and your write, one of the two additions disappears. Hold the lock you were given around " +
            "the whole read-and-write (the course holds it around the whole loop), not around only one half, " +
            "and use that one lock in both processes instead of making a new one.";
    }
}
