using Harness.Cluster;
using Katas.Clusters;

namespace Katas.Tests.Clusters;

/// <summary>Each wrong solution of kata 08, put through the check that must catch it.</summary>
[Trait("Fixture", "08-cluster")]
[Collection(KataCluster.Name)]
public sealed class ClusterCheckTests(KataClusterFixture fixture)
{
    private readonly ClusterPool _pool = fixture.Pool;

    [Fact]
    public void MapSquares_computed_here_is_caught() =>
        Caught.By(() => ClusterChecks.MapSquaresGivesTheCourseFigures(_pool, WrongSolutions.MapSquaresHere), "not compute the squares in this process");

    [Fact]
    public void MapSquares_on_a_pool_of_its_own_is_caught() =>
        Caught.By(() => ClusterChecks.MapSquaresGivesTheCourseFigures(_pool, WrongSolutions.MapSquaresOnAPoolOfItsOwn), "the silos did nothing");

    [Fact]
    public void MapSquares_computed_here_is_caught_on_a_local_pool_too() =>
        Caught.By(() => ClusterChecks.MapSquaresRunsOnALocalPool(WrongSolutions.MapSquaresHere), "the pool it is given");

    [Fact]
    public void CreatePool_of_the_default_size_is_caught() =>
        Caught.By(() => ClusterChecks.CreatePoolPutsTwoWorkersOnEverySilo(fixture.Cluster, WrongSolutions.CreatePoolOfTheDefaultSize), "workersPerSilo: 2");

    [Fact]
    public void WhereAmI_naming_the_machine_is_caught() =>
        Caught.By(() => ClusterChecks.WhereAmINamesTheSilo(_pool, fixture.Cluster.Silos, WrongSolutions.WhereAmIByMachine), "ClusterPool.CurrentSilo");

    [Fact]
    public void Placement_in_one_chunk_is_caught() =>
        Caught.By(() => ClusterChecks.PlacementReachesEverySilo(_pool, fixture.Cluster.Silos, WrongSolutions.PlacementInOneChunk), "chunkSize: 1");

    [Fact]
    public void Placement_asked_in_the_client_is_caught() =>
        Caught.By(() => ClusterChecks.PlacementReachesEverySilo(_pool, fixture.Cluster.Silos, WrongSolutions.PlacementHere), "map WhereAmI with the pool");

    [Fact]
    public void EfficiencyJob_in_long_is_caught() =>
        Caught.By(() => ClusterChecks.EfficiencyJobSendsItsExactSumAsText(_pool, WrongSolutions.EfficiencyJobInLong), "widen i to Int128");

    [Fact]
    public void MultiCore_running_the_job_once_is_caught() =>
        Caught.By(() => ClusterChecks.MultiCoreGivesTheCourseFigure(_pool, WrongSolutions.MultiCoreOnceDoubled), "two tasks");

    [Fact]
    public void Jobs_without_Idempotent_are_caught() =>
        Caught.By(() => ClusterChecks.JobsSayTheyMayRunTwice(WrongSolutions.UnmarkedJob, ClusterKata.EfficiencyJob), "UnmarkedJob", "[Idempotent]");

    [Fact]
    public void An_efficiency_job_without_Idempotent_is_caught() =>
        Caught.By(() => ClusterChecks.JobsSayTheyMayRunTwice(ClusterKata.Job, WrongSolutions.UnmarkedEfficiencyJob), "UnmarkedEfficiencyJob", "[Idempotent]");

    [Fact]
    public void A_job_without_Idempotent_is_caught_when_a_silo_is_lost() =>
        Caught.By(() => ClusterChecks.ASiloLostUnderAMapStillGivesTheList(WrongSolutions.MapSquaresOfAnUnmarkedJob).GetAwaiter().GetResult(),
            "not marked [Idempotent]", "was lost");
}
