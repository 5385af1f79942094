using Katas.Processes;

namespace Katas.Tests.Processes;

[Trait("Kata", "01-processes")]
public sealed class ProcessKataTests
{
    [Fact]
    public void RunOne_runs_the_job_in_another_process_and_waits_for_it() => ProcessChecks.RunOne(ProcessKata.RunOne);

    [Fact]
    public void RunMany_starts_n_different_processes() => ProcessChecks.RunManyStartsDistinctProcesses(ProcessKata.RunMany);

    [Fact]
    public void RunMany_starts_them_all_before_joining_any() => ProcessChecks.RunManyStartsAllBeforeJoining(ProcessKata.RunMany);

    [Fact]
    public void RunMany_returns_the_processes_in_start_order_each_with_its_arguments() =>
        ProcessChecks.RunManyReturnsTheProcessesInStartOrder(ProcessKata.RunMany);

    [Fact]
    public void RunMany_returns_one_finished_process_per_job() => ProcessChecks.RunManyReturnsOneFinishedProcessPerJob(ProcessKata.RunMany);

    [Fact]
    public void Describe_reports_name_pid_and_exit_code() => ProcessChecks.Describe(ProcessKata.Describe);

    [Fact]
    public void Any_array_of_arguments_reaches_the_child_intact() => ProcessChecks.EchoArrivesIntact(ProcessKata.RunEcho);

    [Fact]
    public void A_job_that_throws_ends_its_child_with_exit_code_1_and_the_parent_carries_on() =>
        ProcessChecks.AFailingJobEndsItsChildWithCode1(ProcessKata.RunFailing);
}
