using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Katas.Pools;

namespace Katas.Tests.Pools;

/// <summary>One pool for the tests that only submit work, so properties don't start processes per case.</summary>
public sealed class KataPoolFixture : IDisposable
{
    public MpPool Pool { get; } = Mp.Pool(2);

    public void Dispose() => Pool.Dispose();
}

[Trait("Kata", "04-pools")]
public sealed class PoolKataTests(KataPoolFixture fixture) : IClassFixture<KataPoolFixture>
{
    private readonly MpPool _pool = fixture.Pool;

    [Fact]
    public void MapSquares_gives_the_course_figures_computed_by_the_pool()
    {
        long before = _pool.TasksSubmitted;

        ProcessPoolChecks.Run(() => PoolKata.MapSquares(_pool, 10)).Should().Equal([0, 1, 4, 9, 16, 25, 36, 49, 64, 81],
            "pool.map(job, range(10)) gives the squares of 0..9 in order");
        _pool.TasksSubmitted.Should().BeGreaterThan(before, "MapSquares must hand the work to the pool with pool.Map, not compute it here");
    }

    [Property(MaxTest = 20)]
    public void MapSquares_equals_a_serial_Select_for_any_n(NonNegativeInt n)
    {
        int count = n.Get % 200;
        PoolKata.MapSquares(_pool, count).Should().Equal(Enumerable.Range(0, count).Select(i => i * i));
    }

    [Fact]
    public void CreatePool_makes_the_courses_pool_of_three_processes()
    {
        using MpPool pool = ProcessPoolChecks.Run(PoolKata.CreatePool);

        pool.Processes.Should().Be(3, "the course's Pool(processes=3) uses three worker processes");
    }

    [Fact]
    public void ApplyAsyncGet_gives_4_for_2()
    {
        long before = _pool.TasksSubmitted;

        ProcessPoolChecks.Run(() => PoolKata.ApplyAsyncGet(_pool, 2)).Should().Be(4, "apply_async(job, (2,)).get() is 4");
        _pool.TasksSubmitted.Should().Be(before + 1, "one apply_async is one task for the pool");
    }

    [Fact]
    public void ManyApplyAsync_submits_every_task_before_waiting_for_any()
    {
        long before = _pool.TasksSubmitted;

        ProcessPoolChecks.Run(() => PoolKata.ManyApplyAsync(_pool, 10)).Should().Equal([0, 1, 4, 9, 16, 25, 36, 49, 64, 81]);
        _pool.TasksSubmitted.Should().Be(before + 10, "each of the 10 calls is one ApplyAsync");
    }

    [Fact]
    public void ManyApplyAsync_does_not_wait_for_one_result_before_submitting_the_next()
    {
        using MpPool pool = Mp.Pool(2);
        pool.Recorded = [];
        PoolKata.ManyApplyAsync(pool, 5);

        pool.Recorded.Should().HaveCount(5, "ManyApplyAsync(pool, 5) should call ApplyAsync five times");
        long lastSubmit = pool.Recorded.Max(r => r.SubmitSequence);
        long firstWait = pool.Recorded.Where(r => r.WaitSequence > 0).Select(r => r.WaitSequence).DefaultIfEmpty(long.MaxValue).Min();
        lastSubmit.Should().BeLessThan(firstWait,
            "submit all the tasks first (a list of ApplyAsync results), then Get each one: calling Get right after each " +
            "ApplyAsync waits for every task before sending the next, so the workers never run at the same time");
    }

    [Theory]
    [InlineData(100, 1, 100)]
    [InlineData(100, 10, 10)]
    [InlineData(100, 30, 4)]
    public void MapChunked_sends_one_task_per_chunk(int n, int chunkSize, int tasks)
    {
        long before = _pool.TasksSubmitted;

        PoolKata.MapChunked(_pool, n, chunkSize).Should().Equal(Enumerable.Range(0, n).Select(i => i * i));
        (_pool.TasksSubmitted - before).Should().Be(tasks, $"{n} items in chunks of {chunkSize} make {tasks} tasks: pass chunkSize to Map");
    }

    [Fact]
    public void WorkerPids_shows_the_tasks_ran_in_a_few_reused_worker_processes()
    {
        using MpPool pool = Mp.Pool(3);
        List<int> pids = ProcessPoolChecks.Run(() => PoolKata.WorkerPids(pool, 30));

        pids.Should().HaveCount(30, "one pid per task");
        pids.Should().NotContain(Environment.ProcessId, "the tasks run in worker processes, not in the test's process");
        pids.Distinct().Should().HaveCountLessThanOrEqualTo(3,
            "a pool starts its workers once and reuses them: 30 tasks on a pool of 3 run in at most 3 processes");
    }

    [Fact]
    public void SafeApply_reports_a_failing_task_and_the_pool_keeps_working()
    {
        ProcessPoolChecks.Run(() => PoolKata.SafeApply(_pool, 13)).Should().StartWith("failed: System.ArgumentException: ",
            "Risky(13) throws in the worker; the pool hands the error back as a RemoteException naming its type")
            .And.Contain("unlucky");
        PoolKata.SafeApply(_pool, 4).Should().Be("ok 16", "a task that doesn't throw returns its result");
    }
}
