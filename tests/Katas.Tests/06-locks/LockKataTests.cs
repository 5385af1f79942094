using Katas.Locks;

namespace Katas.Tests.Locks;

[Trait("Kata", "06-locks")]
public sealed class LockKataTests
{
    [Fact]
    public void MultiCore_ends_with_the_course_total_of_40() => LockChecks.MultiCore(LockKata.MultiCore);

    [Fact]
    public void Each_process_prints_its_ten_additions_together_because_the_lock_is_held_around_the_loop() =>
        LockChecks.HoldsTheLockAroundTheLoop(0);

    [Fact]
    public void Job_loses_no_update_even_when_the_race_window_is_wide() => LockChecks.LosesNoUpdate(0);

    [Fact]
    public void Job_releases_the_lock_it_took() => LockChecks.ReleasesTheLock(0);
}
