using Katas.Pools;

namespace Katas.Tests.Pools;

/// <summary>Each wrong solution of kata 04, put through the check that must catch it.</summary>
[Trait("Fixture", "04-pools")]
public sealed class PoolCheckTests(KataPoolFixture fixture) : IClassFixture<KataPoolFixture>
{
    /// <summary>The shared pool, started by the first test that uses it (see <see cref="KataPoolFixture"/>).</summary>
    private MpPool Pool => fixture.Pool;

    [Fact]
    public void MapSquares_with_one_Apply_per_item_is_caught() =>
        Caught.By(() => PoolChecks.MapSquaresGivesTheCourseFigures(Pool, WrongSolutions.MapSquaresWithOneApplyPerItem), "sent 10 tasks");

    [Fact]
    public void MapSquares_computed_here_is_caught() =>
        Caught.By(() => PoolChecks.MapSquaresGivesTheCourseFigures(Pool, WrongSolutions.MapSquaresHere), "not compute the squares in this process");

    [Fact]
    public void CreatePool_of_the_default_size_is_caught_on_any_machine() =>
        Caught.By(() => PoolChecks.CreatePoolMakesThreeWorkers(WrongSolutions.CreatePoolOfTheDefaultSize), "the size of the machine");

    [Fact]
    public void CreatePool_of_CpuCount_is_caught_on_any_machine() =>
        Caught.By(() => PoolChecks.CreatePoolMakesThreeWorkers(WrongSolutions.CreatePoolOfCpuCount), "the size of the machine");

    [Fact]
    public void ManyApplyAsync_waiting_for_each_result_is_caught() =>
        Caught.By(() => PoolChecks.ManyApplyAsyncSubmitsBeforeWaiting(WrongSolutions.ManyApplyAsyncWaitingForEach), "the last ApplyAsync came after the first Get");

    [Fact]
    public void ManyApplyAsync_with_Map_is_caught() =>
        Caught.By(() => PoolChecks.ManyApplyAsyncSubmitsEveryTask(Pool, WrongSolutions.ManyApplyAsyncWithMap), "one ApplyAsync");

    [Fact]
    public void MapChunked_ignoring_the_chunk_size_is_caught() =>
        Caught.By(() => PoolChecks.MapChunkedSendsOneTaskPerChunk(Pool, WrongSolutions.MapChunkedIgnoringTheChunkSize), "pass chunkSize to Map");

    [Fact]
    public void WorkerPids_in_a_pool_of_its_own_is_caught() =>
        Caught.By(() => PoolChecks.WorkerPidsShowAFewReusedWorkers(WrongSolutions.WorkerPidsInAPoolOfItsOwn), "the pool WorkerPids was given");

    [Fact]
    public void WorkerPids_with_default_chunks_is_caught() =>
        Caught.By(() => PoolChecks.WorkerPidsShowAFewReusedWorkers(WrongSolutions.WorkerPidsWithDefaultChunks), "chunkSize: 1");

    [Fact]
    public void WhoAmI_returning_a_thread_id_is_caught() =>
        Caught.By(() => PoolChecks.WorkerPidsShowAFewReusedWorkers((pool, n) => WrongSolutions.WorkerPidsWith(WrongSolutions.WhoAmIByThread, pool, n)), "Environment.ProcessId");

    [Fact]
    public void SafeApply_reporting_the_caught_type_is_caught() =>
        Caught.By(() => PoolChecks.SafeApplyReportsAFailingTask(Pool, PoolKata.Risky, WrongSolutions.SafeApplyReportingTheCaughtType), "RemoteType");

    [Fact]
    public void SafeApply_running_Risky_here_is_caught() =>
        Caught.By(() => PoolChecks.SafeApplyReportsAFailingTask(Pool, PoolKata.Risky, WrongSolutions.SafeApplyHere), "in the pool");

    [Fact]
    public void Risky_throwing_another_exception_is_caught() =>
        Caught.By(() => PoolChecks.SafeApplyReportsAFailingTask(Pool, WrongSolutions.RiskyWithAnotherException, PoolKata.SafeApply), "ArgumentException");
}
