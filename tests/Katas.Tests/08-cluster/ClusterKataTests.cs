using Harness.Cluster;
using Katas.Clusters;

namespace Katas.Tests.Clusters;

[Trait("Kata", "08-cluster")]
[Collection(KataCluster.Name)]
public sealed class ClusterKataTests(KataClusterFixture fixture)
{
    private readonly ClusterPool _pool = fixture.Pool;

    [Fact]
    public void MapSquares_gives_the_course_figures_computed_on_the_cluster() =>
        ClusterChecks.MapSquaresGivesTheCourseFigures(_pool, ClusterKata.MapSquares);

    [Fact]
    public void MapSquares_on_the_cluster_equals_a_serial_Select_for_any_n() =>
        ClusterChecks.MapSquaresEqualsASerialSelect(_pool, ClusterKata.MapSquares);

    [Fact]
    public void The_same_MapSquares_runs_unchanged_on_a_local_pool() => ClusterChecks.MapSquaresRunsOnALocalPool(ClusterKata.MapSquares);

    [Fact]
    public void CreatePool_puts_two_workers_on_every_silo() =>
        ClusterChecks.CreatePoolPutsTwoWorkersOnEverySilo(fixture.Cluster, ClusterKata.CreatePool);

    [Fact]
    public void WhereAmI_names_the_silo_running_the_task() =>
        ClusterChecks.WhereAmINamesTheSilo(_pool, fixture.Cluster.Silos, ClusterKata.WhereAmI);

    [Fact]
    public void Placement_shows_the_tasks_ran_on_every_silo() =>
        ClusterChecks.PlacementReachesEverySilo(_pool, fixture.Cluster.Silos, ClusterKata.Placement);

    [Fact]
    public void EfficiencyJob_sends_its_exact_sum_as_text() => ClusterChecks.EfficiencyJobSendsItsExactSumAsText(_pool, ClusterKata.EfficiencyJob);

    [Fact]
    public void MultiCore_on_the_cluster_gives_the_course_figure() => ClusterChecks.MultiCoreGivesTheCourseFigure(_pool, ClusterKata.MultiCore);

    [Fact]
    public void The_jobs_say_they_may_run_twice() => ClusterChecks.JobsSayTheyMayRunTwice(ClusterKata.Job, ClusterKata.EfficiencyJob);

    [Fact]
    public Task A_silo_lost_under_a_map_still_gives_the_correct_list() => ClusterChecks.ASiloLostUnderAMapStillGivesTheList(ClusterKata.MapSquares);
}
