using System.Diagnostics;
using Katas.Locks;

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
    /// <param name="Acquisitions">How often the two processes took the lock, together.</param>
    public sealed record RaceResult(int Total, MpProcess Adds1, MpProcess Adds3, int Abandoned, int Acquisitions) : IDisposable
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
        return new RaceResult(v.Value, p1, p2, l.AbandonedCount, l.Acquisitions);
    }

    /// <summary>The learner's job (or a wrong one) loses no update with the race window widened.</summary>
    public static void LosesNoUpdate(int which)
    {
        using var run = Race(which);
        Expect.That(FindLostUpdates(run) is null, () => FindLostUpdates(run)!);
    }

    /// <summary>The job takes the lock once per process, around its loop, so its prints come together.</summary>
    public static void HoldsTheLockAroundTheLoop(int which)
    {
        using var run = Race(which, widen: false);
        // The lock's use is checked before the total: without a lock the processes may or may not
        // overlap, and lose updates, but they never take the lock, and that is what this test teaches.
        Expect.That(run.Adds1.ExitCode == 0 && run.Adds3.ExitCode == 0, () => FindLostUpdates(run)!);
        Expect.That(run.Acquisitions > 0,
            "Job never took the lock it was given: hold l around the loop, `using (l.Hold()) { for ... }`, as the course holds it " +
            "between l.acquire() and l.release(). Without it nothing keeps the two processes' additions and prints apart.");
        Expect.That(run.Acquisitions == 2, () =>
            $"the two processes took the lock {run.Acquisitions} times in all; holding it around the whole loop takes it once per process, twice in all. " +
            "Taking it for each addition lets the other process in between your additions, so the ten prints of one process no longer come together.");
        Expect.That(FindLostUpdates(run) is null, () => FindLostUpdates(run)!);
        int[] ones = Numbers(run.Adds1.Output);
        int[] threes = Numbers(run.Adds3.Output);
        Expect.That(ones.Length == 10 && threes.Length == 10, () =>
            $"Job prints the value after each of its ten additions; the processes printed [{string.Join(", ", ones)}] and [{string.Join(", ", threes)}].");
        bool onesFirst = ones.SequenceEqual(Enumerable.Range(1, 10)) && threes.SequenceEqual(Enumerable.Range(1, 10).Select(i => 10 + (3 * i)));
        bool threesFirst = threes.SequenceEqual(Enumerable.Range(1, 10).Select(i => 3 * i)) && ones.SequenceEqual(Enumerable.Range(31, 10));
        Expect.That(onesFirst || threesFirst, () =>
            "with the lock held around the whole loop, one process makes all ten of its additions before the other starts, so one prints 1..10 " +
            $"and the other 13, 16, ..., 40 (or 3..30 and then 31..40); they printed [{string.Join(", ", ones)}] and [{string.Join(", ", threes)}].");
    }

    /// <summary>Each process releases the lock it took.</summary>
    public static void ReleasesTheLock(int which)
    {
        using var run = Race(which, widen: false);
        Expect.That(FindLostUpdates(run) is null, () => FindLostUpdates(run)!);
        Expect.That(FindUnreleasedLock(run) is null, () => FindUnreleasedLock(run)!);
    }

    /// <summary>The learner's MultiCore: 40, two processes sharing one value and one lock, started together.</summary>
    public static void MultiCore(Func<CounterRun> multiCore)
    {
        var call = LearnerCall.Finish(multiCore, "MultiCore()", "Most likely a process waits for a lock that is never released.");
        CounterRun run = call.Result;
        using MpProcess p1 = run.First;
        using MpProcess p2 = run.Second;
        call.ExpectEveryProcessJoined("MultiCore()");
        foreach (MpProcess p in new[] { p1, p2 })
        {
            Expect.That(p.Pid is not null, "MultiCore should Start both processes.");
            Expect.That(p.Pid != Environment.ProcessId, "the job must run in child processes.");
            Expect.That(p.ExitCode == 0, () => $"both jobs should finish normally (did MultiCore Join them?); {Processes.ProcessChecks.Show(p)}.");
        }
        Expect.That(call.Started == 2, () => $"MultiCore should start two processes, but it started {call.Started}.");
        Expect.That(p1.Arguments is [SharedValue<int> v1, 1, MpLock l1] && p2.Arguments is [SharedValue<int> v2, 3, MpLock l2]
            && v1.Name == v2.Name && l1.Name == l2.Name,
            "both processes should get the same shared value and the same lock: Mp.Process(Job, v, 1, l) and Mp.Process(Job, v, 3, l). " +
            "A lock made for each process excludes nobody, and a value made for each process isn't shared.");
        Expect.That(call.StartedAllBeforeJoiningAny,
            "MultiCore joined the first process before starting the second (the last Start came after the first Join), so they never ran at the same time " +
            "and the lock had nothing to do: start both, then join both.");
        Expect.That(run.Total == 40, () => $"ten additions of 1 and ten of 3 make 40 when none is lost, but MultiCore's total is {run.Total}.");
        int printed = Numbers(p1.Output).Concat(Numbers(p2.Output)).DefaultIfEmpty(0).Max();
        Expect.That(printed == run.Total, () =>
            $"MultiCore's total should be the shared value after both processes were joined; the last value they printed was {printed}, but the total is {run.Total}.");
    }

    private static int[] Numbers(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => int.TryParse(line, out int n) ? n : int.MinValue)];

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
                return $"a process did not finish its job: {Processes.ProcessChecks.Show(p)}.";
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
