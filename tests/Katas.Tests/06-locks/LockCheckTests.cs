using Katas.Locks;

namespace Katas.Tests.Locks;

/// <summary>
/// Proves the check of LockKataTests catches the classic mistakes on every run: each wrong solution in
/// <see cref="WrongSolutions"/> must be reported as losing updates. These test the kata's
/// check, not the learner's code, so they carry no Kata trait: the maintainer suite runs them,
/// a learner's `--filter Kata=06-locks` and the grade don't.
/// </summary>
[Trait("Fixture", "06-locks")]
public sealed class LockCheckTests
{
    [Theory]
    [InlineData(1, "forgets the lock")]
    [InlineData(2, "locks only the read")]
    [InlineData(3, "locks only the write")]
    [InlineData(4, "makes its own lock in each process")]
    public void The_check_catches_a_job_that(int which, string mistake)
    {
        using var run = LockChecks.Race(which);

        run.Adds1.ExitCode.Should().Be(0, $"the fixture that {mistake} runs to the end; it printed: {run.Adds1.Output}");
        run.Adds3.ExitCode.Should().Be(0, $"the fixture that {mistake} runs to the end; it printed: {run.Adds3.Output}");
        LockChecks.FindLostUpdates(run).Should().NotBeNull($"a job that {mistake} must be caught losing updates on every run (total {run.Total})");
    }

    [Fact]
    public void The_check_catches_a_job_that_never_releases_the_lock()
    {
        using var run = LockChecks.Race(5, widen: false);

        run.Total.Should().Be(40, "the harness lets the second process take the lock once the first has ended holding it");
        LockChecks.FindUnreleasedLock(run).Should().NotBeNull("a job that acquires and never releases must be caught on every run");
    }
}
