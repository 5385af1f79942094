using Harness.Native;

namespace Harness.Tests.Pools;

/// <summary>Faults: each test owns its pool, since it kills workers or stops the pool.</summary>
public sealed class PoolFaultTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("SIGKILL")]
    [InlineData("Environment.Exit")]
    [InlineData("stack overflow")]
    public void A_worker_that_dies_fails_its_task_and_is_replaced_while_the_others_complete(string how)
    {
        using var pool = Mp.Pool(2);
        var others = Enumerable.Range(0, 20).Select(i => pool.ApplyAsync(PoolJobs.SleepMs, 20 + i)).ToList();

        var doomed = how switch
        {
            "SIGKILL" => pool.ApplyAsync(PoolJobs.KillSelf, 0),
            "Environment.Exit" => pool.ApplyAsync(PoolJobs.ExitProcess, 7),
            _ => pool.ApplyAsync(PoolJobs.Recurse, 0),
        };

        var lost = doomed.Invoking(r => r.Get(Long)).Should().Throw<WorkerLostException>().Which;
        lost.Pid.Should().NotBeNull();
        lost.ExitCode.Should().NotBeNull().And.NotBe(0);
        if (how == "Environment.Exit")
        {
            lost.ExitCode.Should().Be(7);
        }
        others.Select(r => r.Get(Long)).Should().Equal(Enumerable.Range(0, 20).Select(i => 20 + i), "the other tasks complete");
        pool.Map(PoolJobs.Square, Enumerable.Range(0, 10)).Should().HaveCount(10, "the pool keeps working with a replacement worker");
    }

    [Fact]
    public void Terminate_fails_every_pending_result_and_leaves_no_worker_alive()
    {
        var pool = Mp.Pool(2);
        var pids = pool.Map(PoolJobs.PidOf, Enumerable.Range(0, 50), chunkSize: 1).Distinct().ToList();
        var pending = Enumerable.Range(0, 10).Select(_ => pool.ApplyAsync(PoolJobs.SleepForever, 0)).ToList();

        pool.Terminate();

        foreach (var r in pending)
        {
            r.Invoking(x => x.Get(Long)).Should().Throw<OperationCanceledException>();
        }
        pool.Join();
        pids.Should().OnlyContain(pid => !NativeProcess.IsRunning(pid), "no worker survives Terminate");
        pool.Invoking(p => p.ApplyAsync(PoolJobs.Square, 1)).Should().Throw<InvalidOperationException>().WithMessage("*terminated*");
        pool.Dispose();
    }

    [Fact]
    public void Close_lets_submitted_tasks_finish_then_Join_waits_for_the_workers()
    {
        using var pool = Mp.Pool(2);
        pool.Invoking(p => p.Join()).Should().Throw<InvalidOperationException>().WithMessage("*Close*");
        var results = Enumerable.Range(0, 8).Select(i => pool.ApplyAsync(PoolJobs.SleepMs, 10 * i)).ToList();

        pool.Close();
        pool.Invoking(p => p.ApplyAsync(PoolJobs.Square, 1)).Should().Throw<InvalidOperationException>().WithMessage("*closed*");
        pool.Join();

        results.Select(r => r.Get(TimeSpan.Zero)).Should().Equal(Enumerable.Range(0, 8).Select(i => 10 * i));
    }

    [Fact]
    public void MaxTasksPerChild_replaces_a_worker_after_that_many_tasks()
    {
        using var pool = Mp.Pool(1, maxTasksPerChild: 2);

        var pids = Enumerable.Range(0, 6).Select(_ => pool.ApplyAsync(PoolJobs.Pid)).Select(r => r.Get(Long)).ToList();

        pids.Distinct().Should().HaveCount(3, "one worker, two tasks each, six tasks: three workers in turn");
    }

    [Fact]
    public void Two_long_tasks_on_a_fresh_pool_of_two_run_at_the_same_time_in_two_workers()
    {
        using var pool = Mp.Pool(2);
        using var barrier = Mp.Barrier(2);

        var pids = pool.Map(PoolJobs.MeetAtBarrier, [barrier, barrier]);

        pids.Distinct().Should().HaveCount(2,
            "each worker takes a task when it is free: both tasks must not queue at the first worker to connect");
    }

    [Fact]
    public void Pool_arguments_are_checked()
    {
        FluentActions.Invoking(() => Mp.Pool(0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Mp.Pool(1, maxTasksPerChild: 0)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
