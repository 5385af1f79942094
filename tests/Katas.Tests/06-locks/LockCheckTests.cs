namespace Katas.Tests.Locks;

/// <summary>Each wrong solution of kata 06 (see <see cref="WrongSolutions"/>), put through the check that must catch it.</summary>
[Trait("Fixture", "06-locks")]
public sealed class LockCheckTests
{
    [Theory]
    [InlineData(1, "forgets the lock")]
    [InlineData(2, "locks only the read")]
    [InlineData(3, "locks only the write")]
    [InlineData(4, "makes its own lock in each process")]
    public void The_race_window_check_catches_a_job_that(int which, string mistake)
    {
        _ = mistake;
        Caught.By(() => LockChecks.LosesNoUpdate(which), "additions were lost");
    }

    [Fact]
    public void The_release_check_catches_a_job_that_never_releases_the_lock() =>
        Caught.By(() => LockChecks.ReleasesTheLock(5), "ended while still holding the lock");

    [Fact]
    public void The_print_check_catches_a_job_without_a_lock() => Caught.By(() => LockChecks.HoldsTheLockAroundTheLoop(1), "never took the lock");

    [Fact]
    public void The_print_check_catches_a_job_holding_the_lock_per_addition() =>
        Caught.By(() => LockChecks.HoldsTheLockAroundTheLoop(6), "took the lock 20 times");

    [Fact]
    public void The_MultiCore_check_catches_processes_run_one_after_the_other() =>
        Caught.By(() => LockChecks.MultiCore(WrongSolutions.MultiCoreOneAfterTheOther), "the last Start came after the first Join");

    [Fact]
    public void The_MultiCore_check_catches_a_process_never_joined() =>
        Caught.By(() => LockChecks.MultiCore(WrongSolutions.MultiCoreJoiningOnlyTheSecond), "returned without joining MpProcess");

    [Fact]
    public void The_MultiCore_check_catches_a_lock_per_process() =>
        Caught.By(() => LockChecks.MultiCore(WrongSolutions.MultiCoreWithALockPerProcess), "same lock");
}
