using Katas.Pools;

namespace Katas.Tests.Pools;

[Trait("Kata", "04-pools")]
public sealed class PoolKataTests(KataPoolFixture fixture) : IClassFixture<KataPoolFixture>
{
    /// <summary>The shared pool, started by the first test that uses it (see <see cref="KataPoolFixture"/>).</summary>
    private MpPool Pool => fixture.Pool;

    [Fact]
    public void MapSquares_gives_the_course_figures_computed_by_the_pool() => PoolChecks.MapSquaresGivesTheCourseFigures(Pool, PoolKata.MapSquares);

    [Fact]
    public void MapSquares_equals_a_serial_Select_for_any_n() => PoolChecks.MapSquaresEqualsASerialSelect(Pool, PoolKata.MapSquares);

    [Fact]
    public void CreatePool_makes_the_courses_pool_of_three_processes() => PoolChecks.CreatePoolMakesThreeWorkers(PoolKata.CreatePool);

    [Fact]
    public void ApplyAsyncGet_gives_4_for_2() => PoolChecks.ApplyAsyncGetGives4For2(Pool, PoolKata.ApplyAsyncGet);

    [Fact]
    public void ManyApplyAsync_submits_every_task() => PoolChecks.ManyApplyAsyncSubmitsEveryTask(Pool, PoolKata.ManyApplyAsync);

    [Fact]
    public void ManyApplyAsync_does_not_wait_for_one_result_before_submitting_the_next() =>
        PoolChecks.ManyApplyAsyncSubmitsBeforeWaiting(PoolKata.ManyApplyAsync);

    [Fact]
    public void MapChunked_sends_one_task_per_chunk() => PoolChecks.MapChunkedSendsOneTaskPerChunk(Pool, PoolKata.MapChunked);

    [Fact]
    public void WorkerPids_shows_the_tasks_ran_in_a_few_reused_worker_processes() => PoolChecks.WorkerPidsShowAFewReusedWorkers(PoolKata.WorkerPids);

    [Fact]
    public void SafeApply_reports_a_failing_task_and_the_pool_keeps_working() =>
        PoolChecks.SafeApplyReportsAFailingTask(Pool, PoolKata.Risky, PoolKata.SafeApply);
}
