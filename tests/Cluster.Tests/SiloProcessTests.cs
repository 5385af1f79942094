namespace Cluster.Tests;

/// <summary>
/// Three silos as real processes on loopback, each started from this test's build (so each loads
/// this test assembly, whose functions the pool sends), killed with SIGKILL one after the other.
/// One scenario, because starting three silo processes is the expensive part.
/// </summary>
public sealed class SiloProcessTests
{
    [Fact]
    public void Three_silo_processes_share_a_map_and_a_killed_one_fails_its_task_clearly_or_reruns_it()
    {
        using LocalSilos silos = LocalSilos.Start(3, output: TextWriter.Null);
        using ClusterPool pool = silos.CreatePool(workersPerSilo: 2);
        int[] pids = [.. silos.Processes.Select(p => p.Pid!.Value)];

        pool.Map(PidOf, Enumerable.Range(0, 30), chunkSize: 1).Distinct().Should().BeEquivalentTo(pids,
            "30 tasks on three silo processes of two workers each run in all three, and not in the test's process");

        // A function not marked [Idempotent]: the tasks the killed silo was running fail, naming it.
        var first = RunOnEveryWorkerThenKill(pool, Jobs.MeetThenSquare, () => silos.Kill(2)); // not the first silo: it keeps the membership
        first.Where(r => !r.Successful).Should().HaveCount(2, "the killed silo's two workers were each running one task");
        foreach (var lost in first.Where(r => !r.Successful))
        {
            lost.Invoking(r => r.Get()).Should().Throw<WorkerLostException>().Which.Message.Should().Contain($"pid {pids[2]}",
                "the message names the silo process that was lost");
        }
        first.Where(r => r.Successful).Should().HaveCount(4, "the tasks on the other silos were not affected");
        silos.Processes[2].Join(Jobs.Patience).Should().BeTrue();
        silos.Processes[2].ExitCode.Should().Be(-9, "the silo was killed with SIGKILL");
        pool.Processes.Should().Be(4, "the pool goes on with the two silos left");

        // An idempotent function: the killed silo's tasks run again on the silo left.
        var second = RunOnEveryWorkerThenKill(pool, Jobs.MeetThenSquareIdempotent, () => silos.Kill(1));
        second.Select(r => r.Get()).Should().Equal(Enumerable.Range(0, 4).Select(x => x * x),
            "the killed silo's tasks ran again on the silo left");
        pool.Map(PidOf, Enumerable.Range(0, 4), chunkSize: 1).Should().OnlyContain(pid => pid == pids[0]);
    }

    private static int PidOf(int item) => Environment.ProcessId;

    /// <summary>
    /// One task per worker, all meeting at a barrier with this test so that every worker is
    /// running one when <paramref name="kill"/> runs; then waits until every task has ended.
    /// </summary>
    private static List<AsyncResult<int>> RunOnEveryWorkerThenKill(ClusterPool pool, Func<(MpBarrier, MpEvent, int), int> job, Action kill)
    {
        using MpBarrier meeting = Mp.Barrier(pool.Processes + 1);
        using MpEvent killed = Mp.Event();
        var results = Enumerable.Range(0, pool.Processes).Select(x => pool.ApplyAsync(job, (meeting, killed, x))).ToList();
        meeting.Wait(Jobs.Patience);
        meeting.Abort(); // a task that runs again does not wait
        kill();
        killed.Set(); // the tasks on the silos left may end now
        foreach (var r in results)
        {
            r.Wait(Jobs.Patience);
        }
        results.Should().OnlyContain(r => r.Ready, "a task on a killed silo ends too: it never waits forever");
        return results;
    }
}
