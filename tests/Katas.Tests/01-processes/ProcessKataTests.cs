using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Katas.Processes;

namespace Katas.Tests.Processes;

[Trait("Kata", "01-processes")]
public sealed class ProcessKataTests
{
    [Fact]
    public void RunOne_runs_the_job_in_another_process_and_waits_for_it()
    {
        using MpProcess p = ProcessKata.RunOne();

        ProcessChecks.StartedJoinedAndSucceeded(p, "RunOne");
        p.Output.Should().Contain("aaa", "Job prints aaa, and a child's output is collected in Output; {0}", ProcessChecks.Show(p));
    }

    [Fact]
    public void RunMany_starts_n_different_processes()
    {
        var processes = ProcessKata.RunMany(3);
        try
        {
            processes.Should().HaveCount(3, "RunMany(3) should start exactly 3 processes, one per job");
            foreach (MpProcess p in processes)
            {
                ProcessChecks.StartedJoinedAndSucceeded(p, "RunMany");
                p.Output.Should().Contain("aaa", "every child runs Job, which prints aaa; {0}", ProcessChecks.Show(p));
            }
            processes.Select(p => p.Pid).Should().OnlyHaveUniqueItems("each job needs a process of its own; the same process was returned twice");
        }
        finally
        {
            ProcessChecks.DisposeAll(processes);
        }
    }

    [Fact]
    public void RunMany_starts_them_all_before_joining_any()
    {
        var processes = ProcessKata.RunMany(3);
        try
        {
            long lastStart = processes.Max(p => p.StartSequence);
            long firstJoin = processes.Where(p => p.JoinSequence > 0).Select(p => p.JoinSequence).DefaultIfEmpty(long.MaxValue).Min();
            lastStart.Should().BeLessThan(firstJoin,
                "all the processes should run at the same time: call Start on every one of them first, then Join each. " +
                "Joining right after each Start waits for one child before starting the next, which runs them one by one");
        }
        finally
        {
            ProcessChecks.DisposeAll(processes);
        }
    }

    [Property(MaxTest = 5, Arbitrary = [typeof(SmallCounts)])]
    public void RunMany_returns_one_finished_process_per_job(int n)
    {
        var processes = ProcessKata.RunMany(n);
        try
        {
            processes.Should().HaveCount(n, $"RunMany({n}) should start {n} processes");
            processes.Should().OnlyContain(p => p.ExitCode == 0, "every child should have finished its job when RunMany returns");
        }
        finally
        {
            ProcessChecks.DisposeAll(processes);
        }
    }

    [Fact]
    public void Describe_reports_name_pid_and_exit_code()
    {
        using MpProcess p = ProcessKata.RunOne();

        ProcessKata.Describe(p).Should().Be($"{p.Name} pid={p.Pid} exitcode={p.ExitCode}",
            "Describe reads the finished process's Name, Pid and ExitCode");
    }

    [Property(MaxTest = 12)]
    public void Any_array_of_arguments_reaches_the_child_intact(int[] values)
    {
        using MpProcess p = ProcessKata.RunEcho(values);

        ProcessChecks.StartedJoinedAndSucceeded(p, "RunEcho");
        p.Output.TrimEnd('\n').Should().Be(string.Join(",", values),
            "the child prints the array it received, so what it prints shows what arrived; {0}", ProcessChecks.Show(p));
    }

    [Fact]
    public void A_job_that_throws_ends_its_child_with_exit_code_1_and_the_parent_carries_on()
    {
        using MpProcess p = ProcessKata.RunFailing();

        p.Pid.Should().NotBeNull("RunFailing should start the process; it was created but Start was never called");
        p.Pid.Should().NotBe(Environment.ProcessId, "Fail must run in the child: an exception there ends the child, not the parent");
        p.ExitObserved.Should().BeTrue("RunFailing should Join the process before returning");
        p.ExitCode.Should().Be(1, "a child whose job throws exits with code 1, as in Python; {0}", ProcessChecks.Show(p));
        p.Error.Should().NotBeNull("the exception the job threw is carried back in Error");
        p.Error!.RemoteType.Should().Be(typeof(InvalidOperationException).FullName, "Fail throws an InvalidOperationException");
        p.Output.Should().Contain("InvalidOperationException", "the child prints the exception, like Python's traceback in the child");
    }

    private static class SmallCounts
    {
        public static Arbitrary<int> Counts() => Gen.Choose(1, 4).ToArbitrary();
    }
}
