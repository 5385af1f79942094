namespace Cluster.Tests;

/// <summary>A silo dies while a map runs on it: a clear failure, or a correct result where the function may run twice. Each test has a cluster of its own.</summary>
public sealed class SiloLossTests : IAsyncLifetime
{
    private InProcessCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await InProcessCluster.StartAsync(silos: 3, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_silo_killed_during_a_map_fails_it_with_WorkerLostException_naming_the_silo()
    {
        using ClusterPool pool = await ClusterPool.ConnectAsync(_cluster.Client, workersPerSilo: 2, TestContext.Current.CancellationToken);
        using MpBarrier meeting = Mp.Barrier(pool.Processes + 1);
        string victim = _cluster.Silos[^1];

        var map = pool.MapAsync(Jobs.MeetThenSquareInProcess, Enumerable.Range(0, 12).Select(x => (meeting, x)), chunkSize: 1);
        meeting.Wait(Jobs.Patience); // every worker is running a task now
        meeting.Abort();
        await _cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);

        var get = () => map.Get(Jobs.Patience);
        WorkerLostException e = get.Should().Throw<WorkerLostException>("a task the silo was running is lost with it").Which;
        e.Message.Should().Contain(Address(victim), "the message names the silo that was lost")
            .And.Contain("[Idempotent]", "and says how to have such tasks run again");
    }

    [Fact]
    public async Task A_silo_killed_during_a_map_of_an_idempotent_function_gives_the_correct_result()
    {
        using ClusterPool pool = await ClusterPool.ConnectAsync(_cluster.Client, workersPerSilo: 2, TestContext.Current.CancellationToken);
        using MpBarrier meeting = Mp.Barrier(pool.Processes + 1);
        string victim = _cluster.Silos[^1];

        var map = pool.MapAsync(Jobs.MeetThenSquareInProcessIdempotent, Enumerable.Range(0, 12).Select(x => (meeting, x)), chunkSize: 1);
        meeting.Wait(Jobs.Patience);
        meeting.Abort();
        await _cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);

        map.Get(Jobs.Patience).Should().Equal(Enumerable.Range(0, 12).Select(x => x * x),
            "the lost silo's tasks ran again on the silos left");
        pool.Processes.Should().Be(4, "the pool goes on with the two silos left");
        pool.Map(Jobs.Square, Enumerable.Range(0, 10)).Should().Equal(Enumerable.Range(0, 10).Select(Jobs.Square));
    }

    /// <summary>"127.0.0.1:11112@123" as a WorkerLostException names it: "127.0.0.1:11112".</summary>
    internal static string Address(string silo) => silo.Split('@')[0];
}
