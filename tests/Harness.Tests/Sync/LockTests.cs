using Harness.Tests.SharedMemory;

namespace Harness.Tests.Sync;

public sealed class LockTests
{
    private const int Increments = 20_000;

    private static void Increment(SharedValue<int> v, MpLock l, int n)
    {
        for (int i = 0; i < n; i++)
        {
            using (l.Hold())
            {
                v.Value += 1;
            }
        }
    }

    /// <summary>Meets the other process at the barrier, so both loops run at the same time, then races.</summary>
    private static void IncrementUnlocked(SharedValue<int> v, int n, MpBarrier start)
    {
        start.Wait(TimeSpan.FromSeconds(60));
        for (int i = 0; i < n; i++)
        {
            v.Value += 1;
        }
    }

    private static void TryWhileParentHolds(MpLock l, SharedValue<int> result) =>
        result.Value = l.Acquire(TimeSpan.FromMilliseconds(100)) ? 1 : 2;

    private static void ReleaseForParent(MpLock l) => l.Release();

    /// <summary>Takes the lock, says so, and returns without releasing it: the owner ends holding it.</summary>
    private static void TakeAndExit(MpLock l, SharedValue<int> taken)
    {
        l.Acquire();
        taken.Value = Environment.ProcessId;
    }

    private static void TakeAndHang(MpRLock l, SharedValue<int> taken)
    {
        l.Acquire();
        l.Acquire();
        taken.Value = Environment.ProcessId;
        Thread.Sleep(Timeout.Infinite);
    }

    [Fact]
    public void Two_processes_incrementing_under_the_lock_lose_nothing()
    {
        using var v = Mp.Value(0, withLock: false);
        using var l = Mp.Lock();
        using var p1 = Children.Start(Mp.Process(Increment, v, l, Increments));
        using var p2 = Children.Start(Mp.Process(Increment, v, l, Increments));
        p1.JoinOk();
        p2.JoinOk();

        v.Value.Should().Be(2 * Increments, "every read-modify-write ran alone under the lock");
    }

    [Fact]
    public void Without_the_lock_the_race_switch_makes_updates_get_lost_every_time()
    {
        using var v = Mp.Value(0, withLock: false);
        using var start = Mp.Barrier(2);
        v.RaceWindow = TimeSpan.FromMilliseconds(200);
        using var p1 = Children.Start(Mp.Process(IncrementUnlocked, v, 20, start));
        using var p2 = Children.Start(Mp.Process(IncrementUnlocked, v, 20, start));
        p1.JoinOk();
        p2.JoinOk();

        v.Value.Should().BeLessThan(40, "with the window widened, each unguarded += overlaps the other process's");
    }

    [Fact]
    public void A_value_with_its_own_lock_still_loses_updates_to_plus_equals_like_Python()
    {
        using var v = Mp.Value(0);
        using var start = Mp.Barrier(2);
        v.RaceWindow = TimeSpan.FromMilliseconds(200);
        using var p1 = Children.Start(Mp.Process(IncrementUnlocked, v, 20, start));
        using var p2 = Children.Start(Mp.Process(IncrementUnlocked, v, 20, start));
        p1.JoinOk();
        p2.JoinOk();

        v.Value.Should().BeLessThan(40, "the get and the set each take the value's lock, but not the two together");
    }

    [Fact]
    public void Acquire_with_a_timeout_gives_up_while_another_process_holds_the_lock()
    {
        using var l = Mp.Lock();
        using var result = Mp.Value(0);
        l.Acquire();
        try
        {
            using var p = Children.Start(Mp.Process(TryWhileParentHolds, l, result));
            p.JoinOk();
        }
        finally
        {
            l.Release();
        }
        result.Value.Should().Be(2, "the child's Acquire(100 ms) returns false while the parent holds the lock");
        l.Acquire(TimeSpan.Zero).Should().BeTrue("after Release the lock is free again");
        l.Release();
    }

    [Fact]
    public void Any_process_may_release_an_MpLock_like_Python()
    {
        using var l = Mp.Lock();
        l.Acquire();
        using var p = Children.Start(Mp.Process(ReleaseForParent, l));
        p.JoinOk();

        l.Acquire(TimeSpan.Zero).Should().BeTrue("the child released the lock the parent took");
        l.Release();
    }

    [Fact]
    public void Releasing_a_free_lock_throws()
    {
        using var l = Mp.Lock();

        l.Invoking(x => x.Release()).Should().Throw<InvalidOperationException>().WithMessage("*not held*");
    }

    [Fact]
    public void An_MpLock_is_not_reentrant()
    {
        using var l = Mp.Lock();
        using (l.Hold())
        {
            l.Acquire(TimeSpan.FromMilliseconds(20)).Should().BeFalse("Python's Lock blocks even its own holder");
            l.Invoking(x => x.Hold(TimeSpan.Zero)).Should().Throw<TimeoutException>();
        }
    }

    [Fact]
    public void A_negative_timeout_is_refused()
    {
        using var l = Mp.Lock();

        l.Invoking(x => x.Acquire(TimeSpan.FromSeconds(-2))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_lock_whose_owner_exited_holding_it_is_taken_over_and_reported_abandoned()
    {
        using var l = Mp.Lock();
        using var taken = Mp.Value(0);
        using var p = Children.Start(Mp.Process(TakeAndExit, l, taken));
        p.JoinOk();
        taken.Value.Should().Be(p.Pid, "the child took the lock before it exited");

        l.Acquire(Children.Patience).Should().BeTrue("the owner is gone, so the lock must not stay taken forever");
        l.LastAcquireWasAbandoned.Should().BeTrue("the data the lock guarded may be half-written; the taker must be told");
        l.AbandonedCount.Should().Be(1, "the takeover is counted in the lock's shared state");
        l.Release();
        l.Acquire(TimeSpan.Zero).Should().BeTrue();
        l.LastAcquireWasAbandoned.Should().BeFalse("a normal acquire is not abandoned");
        l.Release();
    }

    [Fact]
    public void An_rlock_whose_owner_was_killed_is_taken_over_by_a_waiter()
    {
        using var l = Mp.RLock();
        using var taken = Mp.Value(0);
        using var p = Children.Start(Mp.Process(TakeAndHang, l, taken));
        Children.WaitUntil(() => taken.Value != 0, "the child to take the lock");
        l.Acquire(TimeSpan.FromMilliseconds(100)).Should().BeFalse("the child holds it and is alive");

        var waiter = Children.StartThread(() => l.Acquire(Children.Patience) && l.LastAcquireWasAbandoned);
        p.Kill();
        p.Join(Children.Patience).Should().BeTrue();

        waiter().Should().BeTrue("the waiting thread notices the dead owner, takes the lock and reports it abandoned");
    }
}
