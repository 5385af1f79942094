using Katas.Locks;

namespace Katas.Tests.Locks;

[Trait("Kata", "06-locks")]
public sealed class LockKataTests
{
    [Fact]
    public void MultiCore_ends_with_the_course_total_of_40()
    {
        CounterRun run = LockKata.MultiCore();
        using MpProcess p1 = run.First;
        using MpProcess p2 = run.Second;

        foreach (MpProcess p in new[] { p1, p2 })
        {
            p.Pid.Should().NotBeNull("MultiCore should Start both processes");
            p.Pid.Should().NotBe(Environment.ProcessId, "the job must run in child processes");
            p.ExitCode.Should().Be(0, "both jobs should finish normally (did MultiCore Join them?); {0} printed: {1}", p.Name, p.Output);
        }
        run.Total.Should().Be(40, "ten additions of 1 and ten of 3 make 40 when none is lost");
    }

    [Fact]
    public void Each_process_prints_its_ten_additions_together_because_the_lock_is_held_around_the_loop()
    {
        CounterRun run = LockKata.MultiCore();
        using MpProcess p1 = run.First;
        using MpProcess p2 = run.Second;

        int[] ones = Numbers(p1.Output);
        int[] threes = Numbers(p2.Output);
        ones.Should().HaveCount(10, "Job prints the value after each of its ten additions; the first process printed: {0}", p1.Output);
        threes.Should().HaveCount(10, "Job prints the value after each of its ten additions; the second process printed: {0}", p2.Output);
        bool onesFirst = ones.SequenceEqual(Enumerable.Range(1, 10)) && threes.SequenceEqual(Enumerable.Range(1, 10).Select(i => 10 + 3 * i));
        bool threesFirst = threes.SequenceEqual(Enumerable.Range(1, 10).Select(i => 3 * i)) && ones.SequenceEqual(Enumerable.Range(31, 10));
        (onesFirst || threesFirst).Should().BeTrue(
            "with the lock held around the whole loop, one process makes all ten of its additions before the other starts, " +
            "so one prints 1..10 and the other 13, 16, ..., 40 (or 3..30 and then 31..40); they printed [{0}] and [{1}]",
            string.Join(", ", ones), string.Join(", ", threes));
    }

    [Fact]
    public void Job_loses_no_update_even_when_the_race_window_is_wide()
    {
        using var run = LockChecks.Race(0);

        LockChecks.FindLostUpdates(run).Should().BeNull("both processes add to the same counter; every addition must count");
    }

    [Fact]
    public void Job_releases_the_lock_it_took()
    {
        using var run = LockChecks.Race(0, widen: false);

        LockChecks.FindLostUpdates(run).Should().BeNull("both processes add to the same counter; every addition must count");
        LockChecks.FindUnreleasedLock(run).Should().BeNull("the other process must get the lock because you released it");
    }

    private static int[] Numbers(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => int.TryParse(line, out int n) ? n : int.MinValue)];
}
