using Katas.Pools;

namespace Katas.Tests.Pools;

[Trait("Kata", "04-pools")]
public sealed class PoolKataTests(KataPoolFixture fixture) : IClassFixture<KataPoolFixture>
{
    private readonly MpPool _pool = fixture.Pool;

    [Fact]
    public void MapSquares_gives_the_course_figures_computed_by_the_pool() => PoolChecks.MapSquaresGivesTheCourseFigures(_pool, PoolKata.MapSquares);

    [Fact]
    public void MapSquares_equals_a_serial_Select_for_any_n() => PoolChecks.MapSquaresEqualsASerialSelect(_pool, PoolKata.MapSquares);

    [Fact]
    public void CreatePool_makes_the_courses_pool_of_three_processes() => PoolChecks.CreatePoolMakesThreeWorkers(PoolKata.CreatePool);

    [Fact]
    public void ApplyAsyncGet_gives_4_for_2() => PoolChecks.ApplyAsyncGetGives4For2(_pool, PoolKata.ApplyAsyncGet);

    [Fact]
    public void ManyApplyAsync_submits_every_task() => PoolChecks.ManyApplyAsyncSubmitsEveryTask(_pool, PoolKata.ManyApplyAsync);

    [Fact]
    public void ManyApplyAsync_does_not_wait_for_one_result_before_submitting_the_next() =>
        PoolChecks.ManyApplyAsyncSubmitsBeforeWaiting(PoolKata.ManyApplyAsync);

    [Fact]
    public void MapChunked_sends_one_task_per_chunk() => PoolChecks.MapChunkedSendsOneTaskPerChunk(_pool, PoolKata.MapChunked);

    [Fact]
    public void WorkerPids_shows_the_tasks_ran_in_a_few_reused_worker_processes() => PoolChecks.WorkerPidsShowAFewReusedWorkers(PoolKata.WorkerPids);

    [Fact]
    public void SafeApply_reports_a_failing_task_and_the_pool_keeps_working() =>
        PoolChecks.SafeApplyReportsAFailingTask(_pool, PoolKata.Risky, PoolKata.SafeApply);
}
