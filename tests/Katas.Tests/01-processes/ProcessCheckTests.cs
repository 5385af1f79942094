namespace Katas.Tests.Processes;

/// <summary>Each wrong solution of kata 01, put through the check that must catch it.</summary>
[Trait("Fixture", "01-processes")]
public sealed class ProcessCheckTests
{
    [Fact]
    public void RunOne_without_Join_is_caught() => Caught.By(() => ProcessChecks.RunOne(WrongSolutions.RunOneWithoutJoin), "Join");

    [Fact]
    public void RunOne_that_never_starts_is_caught() => Caught.By(() => ProcessChecks.RunOne(WrongSolutions.RunOneNeverStarted), "never called Start");

    [Fact]
    public void RunOne_with_other_arguments_is_caught() => Caught.By(() => ProcessChecks.RunOne(WrongSolutions.RunOneWithOtherArguments), "Job(1, 2)");

    [Fact]
    public void RunMany_joining_in_the_start_loop_is_caught() =>
        Caught.By(() => ProcessChecks.RunManyStartsAllBeforeJoining(WrongSolutions.RunManyJoiningInTheLoop), "the last Start came after the first Join");

    [Fact]
    public void RunMany_returning_the_processes_in_reverse_is_caught() =>
        Caught.By(() => ProcessChecks.RunManyReturnsTheProcessesInStartOrder(WrongSolutions.RunManyInReverse), "Job(0, 0)");

    [Fact]
    public void RunMany_giving_every_process_the_same_arguments_is_caught() =>
        Caught.By(() => ProcessChecks.RunManyReturnsTheProcessesInStartOrder(WrongSolutions.RunManyWithTheSameArguments), "Job(i, i * i)");

    [Fact]
    public void RunMany_starting_one_process_too_few_is_caught() =>
        Caught.By(() => ProcessChecks.RunManyStartsDistinctProcesses(WrongSolutions.RunManyOneTooFew), "exactly 3 processes");

    [Fact]
    public void Describe_with_a_fixed_exit_code_is_caught() =>
        Caught.By(() => ProcessChecks.Describe(WrongSolutions.DescribeWithAFixedExitCode), "exitcode=1");

    [Fact]
    public void Describe_with_the_parents_pid_is_caught() =>
        Caught.By(() => ProcessChecks.Describe(WrongSolutions.DescribeWithTheParentsPid), "Pid");

    [Fact]
    public void Echo_with_spaces_is_caught() =>
        Caught.By(() => ProcessChecks.EchoArrivesIntact(v => WrongSolutions.RunEchoWith(WrongSolutions.EchoWithSpaces, v)), "comma-separated");

    [Fact]
    public void Echo_that_prints_nothing_in_the_child_is_caught() =>
        Caught.By(() => ProcessChecks.EchoArrivesIntact(v => WrongSolutions.RunEchoWith(WrongSolutions.EchoNothing, v)), "comma-separated");

    [Fact]
    public void Fail_with_a_plain_Exception_is_caught() =>
        Caught.By(() => ProcessChecks.AFailingJobEndsItsChildWithCode1(() => WrongSolutions.RunFailingWith(WrongSolutions.FailWithAPlainException)), "InvalidOperationException");

    [Fact]
    public void RunFailing_that_catches_in_the_parent_is_caught() =>
        Caught.By(() => ProcessChecks.AFailingJobEndsItsChildWithCode1(WrongSolutions.RunFailingInTheParent), "exits with code 1");
}
