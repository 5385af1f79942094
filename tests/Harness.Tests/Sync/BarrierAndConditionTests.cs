using Harness.Tests.SharedMemory;

namespace Harness.Tests.Sync;

public sealed class BarrierAndConditionTests
{
    /// <summary>Two rounds at the barrier; marks the slot of each index it got.</summary>
    private static void MeetTwice(MpBarrier b, SharedArray<int> seen)
    {
        for (int round = 0; round < 2; round++)
        {
            int index = b.Wait(TimeSpan.FromSeconds(60));
            Interlocked.Increment(ref seen.AsSpan()[round * 3 + index]);
        }
    }

    private static void Consume(MpCondition c, SharedValue<int> box, SharedValue<int> result)
    {
        using (c.Hold())
        {
            bool ok = c.WaitFor(() => box.Value > 0, TimeSpan.FromSeconds(60));
            result.Value = ok ? box.Value * 10 : -1;
        }
    }

    /// <summary>Registers as ready under the lock, then waits for a notify and records whether Wait said it was woken.</summary>
    private static void WaitForGo(MpCondition c, SharedValue<int> ready, SharedArray<int> woken, int slot)
    {
        using (c.Hold())
        {
            ready.Value += 1;
            woken[slot] = c.Wait(TimeSpan.FromSeconds(60)) ? 1 : 2;
        }
    }

    [Fact]
    public void Three_processes_meet_at_a_barrier_twice_and_each_round_hands_out_indices_0_1_2()
    {
        using var b = Mp.Barrier(3);
        using var seen = Mp.Array<int>(6, withLock: false);
        var ps = Enumerable.Range(0, 3).Select(_ => Children.Start(Mp.Process(MeetTwice, b, seen))).ToList();
        try
        {
            ps.ForEach(p => p.JoinOk());
        }
        finally
        {
            ps.ForEach(p => p.Dispose());
        }
        seen.ToArray().Should().Equal([1, 1, 1, 1, 1, 1], "in each round every index from 0 to 2 goes to exactly one party");
        b.IsBroken.Should().BeFalse();
    }

    [Fact]
    public void A_party_that_times_out_breaks_the_barrier_for_everyone()
    {
        using var b = Mp.Barrier(2);

        b.Invoking(x => x.Wait(TimeSpan.FromMilliseconds(30))).Should().Throw<BrokenBarrierException>();
        b.IsBroken.Should().BeTrue();
        b.Invoking(x => x.Wait(TimeSpan.FromSeconds(5))).Should().Throw<BrokenBarrierException>("a broken barrier stays broken");
        b.Parties.Should().Be(2);
    }

    [Fact]
    public void A_consumer_process_waits_on_a_condition_until_the_producer_notifies()
    {
        using var c = Mp.Condition();
        using var box = Mp.Value(0);
        using var result = Mp.Value(0);
        using var p = Children.Start(Mp.Process(Consume, c, box, result));
        using (c.Hold())
        {
            box.Value = 4;
            c.NotifyAll();
        }
        p.JoinOk();

        result.Value.Should().Be(40, "the consumer woke, saw the box filled and used it");
    }

    [Fact]
    public void NotifyAll_wakes_every_process_waiting()
    {
        using var c = Mp.Condition();
        using var ready = Mp.Value(0);
        using var woken = Mp.Array<int>(3);
        var ps = Enumerable.Range(0, 3).Select(i => Children.Start(Mp.Process(WaitForGo, c, ready, woken, i))).ToList();
        try
        {
            // A child increments ready under the lock and releases it only inside Wait, so once
            // ready is 3 (read under the lock) all three are waiting.
            Children.WaitUntil(() =>
            {
                using (c.Hold())
                {
                    return ready.Value == 3;
                }
            }, "the three children to wait");
            using (c.Hold())
            {
                c.NotifyAll();
            }
            ps.ForEach(p => p.JoinOk());
        }
        finally
        {
            ps.ForEach(p => p.Dispose());
        }
        woken.ToArray().Should().Equal([1, 1, 1], "each Wait returned true: notified, not timed out");
    }

    [Fact]
    public void Wait_and_Notify_need_the_lock_and_Wait_times_out()
    {
        using var c = Mp.Condition();
        c.Invoking(x => x.Wait(TimeSpan.Zero)).Should().Throw<InvalidOperationException>().WithMessage("*Hold()*");
        c.Invoking(x => x.Notify()).Should().Throw<InvalidOperationException>();
        using (c.Hold())
        {
            c.Wait(TimeSpan.FromMilliseconds(20)).Should().BeFalse("nobody notified");
            c.WaitFor(() => false, TimeSpan.FromMilliseconds(20)).Should().BeFalse();
        }
    }

    [Fact]
    public void A_condition_can_share_an_rlock_the_caller_made()
    {
        using var l = Mp.RLock();
        using var c = Mp.Condition(l);
        using (l.Hold())
        {
            c.Notify(); // the condition sees the lock as held: it is the same lock
        }
    }
}
