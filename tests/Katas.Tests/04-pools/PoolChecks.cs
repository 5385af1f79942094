using FsCheck;
using FsCheck.Fluent;
using Katas.Pools;

namespace Katas.Tests.Pools;

/// <summary>
/// One pool for the tests that only submit work, so properties don't start processes per case.
/// The workers start at the first use, inside a test, not when xunit makes the fixture: a worker
/// then runs with what the test set up (mutation testing hands the mutant under test to child
/// processes only once a test has begun).
/// </summary>
public sealed class KataPoolFixture : IDisposable
{
    private readonly Lazy<MpPool> _pool = new(() => Mp.Pool(2));

    public MpPool Pool => _pool.Value;

    public void Dispose()
    {
        if (_pool.IsValueCreated)
        {
            _pool.Value.Dispose();
        }
    }
}

/// <summary>
/// The checks of kata 04, each taking the learner's methods as delegates so that the wrong
/// solutions in <see cref="WrongSolutions"/> can be put through the very same check.
/// </summary>
internal static class PoolChecks
{
    private static readonly int[] s_squares = [0, 1, 4, 9, 16, 25, 36, 49, 64, 81];

    public static void MapSquaresGivesTheCourseFigures(MpPool pool, Func<MpPool, int, List<int>> mapSquares)
    {
        long before = pool.TasksSubmitted;
        List<int> result = LearnerCall.Run(() => mapSquares(pool, 10), "MapSquares(pool, 10)");
        Expect.That(result is not null && result.SequenceEqual(s_squares), () =>
            $"pool.map(job, range(10)) gives the squares of 0..9 in order, {Expect.Show(s_squares)}, but MapSquares returned {Expect.Show(result)}.");
        long tasks = pool.TasksSubmitted - before;
        int chunk = (10 + (4 * pool.Processes) - 1) / (4 * pool.Processes);
        int expected = (10 + chunk - 1) / chunk;
        Expect.That(tasks > 0, "MapSquares should hand the work to the pool with pool.Map, not compute the squares in this process.");
        Expect.That(tasks == expected, () =>
            $"MapSquares sent {tasks} tasks to the pool for 10 items; pool.Map with its default chunk size sends {expected} (chunks of {chunk}). " +
            "One Apply or ApplyAsync per item sends 10: Map is the one call that hands over the whole range.");
    }

    public static void MapSquaresEqualsASerialSelect(MpPool pool, Func<MpPool, int, List<int>> mapSquares) =>
        Properties.ForAll(Gen.Choose(0, 199).ToArbitrary(), 20, n =>
        {
            List<int> result = LearnerCall.Run(() => mapSquares(pool, n), $"MapSquares(pool, {n})");
            Expect.That(result is not null && result.SequenceEqual(Enumerable.Range(0, n).Select(i => i * i)), () =>
                $"MapSquares(pool, {n}) should give the squares of 0..{n - 1} in order, but it returned {Expect.Show(result)}.");
        });

    public static void CreatePoolMakesThreeWorkers(Func<MpPool> createPool)
    {
        // Mp.CpuCount says 7 during the call: a pool sized by the machine is caught on every machine.
        using MpPool pool = LearnerCall.Finish(createPool, "CreatePool()", "Creating a pool returns at once.", cpuCount: 7).Result;
        Expect.That(pool is not null, "CreatePool() should return the pool it made.");
        Expect.That(pool.Processes == 3, () => pool.Processes == 7
            ? "CreatePool() made a pool the size of the machine (Mp.Pool() without a size, or Mp.CpuCount workers), which differs from machine to machine: " +
              "the course's Pool(processes=3) has three workers. Pass processes: 3."
            : $"the course's Pool(processes=3) has three worker processes, but CreatePool() made {pool.Processes}.");
    }

    public static void ApplyAsyncGetGives4For2(MpPool pool, Func<MpPool, int, int> applyAsyncGet)
    {
        long before = pool.TasksSubmitted;
        int result = LearnerCall.Run(() => applyAsyncGet(pool, 2), "ApplyAsyncGet(pool, 2)");
        Expect.That(result == 4, () => $"apply_async(job, (2,)).get() is 4, but ApplyAsyncGet(pool, 2) returned {result}.");
        Expect.That(pool.TasksSubmitted - before == 1, () =>
            $"one apply_async is one task for the pool, but ApplyAsyncGet sent {pool.TasksSubmitted - before}: submit Job with ApplyAsync, then Get its result.");
    }

    public static void ManyApplyAsyncSubmitsEveryTask(MpPool pool, Func<MpPool, int, List<int>> manyApplyAsync)
    {
        long before = pool.TasksSubmitted;
        List<int> result = LearnerCall.Run(() => manyApplyAsync(pool, 10), "ManyApplyAsync(pool, 10)");
        Expect.That(result is not null && result.SequenceEqual(s_squares), () =>
            $"the results of the 10 tasks, in order, are {Expect.Show(s_squares)}, but ManyApplyAsync returned {Expect.Show(result)}.");
        Expect.That(pool.TasksSubmitted - before == 10, () =>
            $"each of the 10 items is one ApplyAsync, one task, but ManyApplyAsync sent {pool.TasksSubmitted - before} tasks.");
    }

    public static void ManyApplyAsyncSubmitsBeforeWaiting(Func<MpPool, int, List<int>> manyApplyAsync)
    {
        using MpPool pool = Mp.Pool(2);
        pool.Recorded = [];
        LearnerCall.Run(() => manyApplyAsync(pool, 5), "ManyApplyAsync(pool, 5)");
        var recorded = pool.Recorded;
        Expect.That(recorded.Count == 5, () => $"ManyApplyAsync(pool, 5) should call ApplyAsync five times, but it called it {recorded.Count} times.");
        long lastSubmit = recorded.Max(r => r.SubmitSequence);
        long firstWait = recorded.Where(r => r.WaitSequence > 0).Select(r => r.WaitSequence).DefaultIfEmpty(long.MaxValue).Min();
        Expect.That(lastSubmit < firstWait,
            "ManyApplyAsync waited for a result before it had submitted every task (the last ApplyAsync came after the first Get): " +
            "submit all the tasks first (a list of ApplyAsync results), then Get each one. A Get right after each ApplyAsync " +
            "waits for every task before sending the next, so the workers never run at the same time.");
    }

    public static void MapChunkedSendsOneTaskPerChunk(MpPool pool, Func<MpPool, int, int, List<int>> mapChunked)
    {
        foreach (var (n, chunkSize, tasks) in new[] { (100, 1, 100), (100, 10, 10), (100, 30, 4) })
        {
            long before = pool.TasksSubmitted;
            List<int> result = LearnerCall.Run(() => mapChunked(pool, n, chunkSize), $"MapChunked(pool, {n}, {chunkSize})");
            Expect.That(result is not null && result.SequenceEqual(Enumerable.Range(0, n).Select(i => i * i)), () =>
                $"MapChunked(pool, {n}, {chunkSize}) should give the squares of 0..{n - 1} in order, but it returned {Expect.Show(result)}.");
            long sent = pool.TasksSubmitted - before;
            Expect.That(sent == tasks, () =>
                $"{n} items in chunks of {chunkSize} make {tasks} tasks, but MapChunked(pool, {n}, {chunkSize}) sent {sent}: pass chunkSize to Map.");
        }
    }

    public static void WorkerPidsShowAFewReusedWorkers(Func<MpPool, int, List<int>> workerPids)
    {
        using MpPool pool = Mp.Pool(3);
        long before = pool.TasksSubmitted;
        List<int> pids = LearnerCall.Finish(() => workerPids(pool, 30), "WorkerPids(pool, 30)", "A pool's tasks end within seconds.").Result;
        Expect.That(pids is { Count: 30 }, () => $"WorkerPids(pool, 30) should return one pid per task, 30, but it returned {pids?.Count ?? 0}.");
        Expect.That(!pids.Contains(Environment.ProcessId), "the tasks should run in the pool's worker processes, not in the test's own process.");
        IReadOnlyList<int> workers = pool.WorkerPids;
        Expect.That(pids.All(workers.Contains), () =>
            $"the tasks should run in the workers of the pool WorkerPids was given (pids {string.Join(", ", workers)}), but it returned " +
            $"{string.Join(", ", pids.Distinct().Take(5))}: WhoAmI returns Environment.ProcessId, and WorkerPids maps it over that pool.");
        Expect.That(pids.Distinct().Count() <= 3,
            "a pool starts its workers once and reuses them: 30 tasks on a pool of 3 run in at most 3 processes.");
        Expect.That(pool.TasksSubmitted - before == 30, () =>
            $"WorkerPids should send one task per item (chunkSize: 1), 30 in all, so every task can land on any worker, but it sent {pool.TasksSubmitted - before}.");
    }

    public static void SafeApplyReportsAFailingTask(MpPool pool, Func<int, int> risky, Func<MpPool, int, string> safeApply)
    {
        Exception? thrown = Record.Exception(() => risky(13));
        Expect.That(thrown is not NotImplementedException, () => LearnerCall.Explain(thrown!, "Risky(13)").Message);
        Expect.That(thrown is ArgumentException, () =>
            $"Risky(13) should throw an ArgumentException, 13 being the unlucky number, but it {(thrown is null ? "returned" : $"threw {thrown.GetType().Name}")}.");
        string expected = $"failed: {thrown.GetType().FullName}: {thrown.Message}";
        long before = pool.TasksSubmitted;
        string result = LearnerCall.Run(() => safeApply(pool, 13), "SafeApply(pool, 13)");
        Expect.That(pool.TasksSubmitted - before == 1, () =>
            $"SafeApply should run Risky in the pool (one Apply, one task), but it sent {pool.TasksSubmitted - before} tasks.");
        Expect.That(result == expected, () =>
            $"Risky(13) throws in the worker and the pool hands the error back as a RemoteException: SafeApply should return {Expect.Show(expected)}, " +
            $"built from its RemoteType and Message, but it returned {Expect.Show(result)}.");
        string ok = LearnerCall.Run(() => safeApply(pool, 4), "SafeApply(pool, 4)");
        Expect.That(ok == "ok 16", () => $"a task that doesn't throw returns its result, and the pool keeps working: SafeApply(pool, 4) should return \"ok 16\", but it returned {Expect.Show(ok)}.");
    }
}
