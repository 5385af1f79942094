using Harness.Tests.SharedMemory;

namespace Harness.Tests.Sync;

public sealed class SemaphoreAndEventTests
{
    private static void ReleaseOne(MpSemaphore s) => s.Release();

    /// <summary>Holds the semaphore briefly and records how many holders there were at once.</summary>
    private static void Crowd(MpSemaphore s, SharedArray<int> stats)
    {
        for (int i = 0; i < 20; i++)
        {
            using (s.Hold(TimeSpan.FromSeconds(60)))
            {
                Span<int> a = stats.AsSpan();
                int inside = Interlocked.Increment(ref a[0]);
                int max;
                while ((max = Volatile.Read(ref a[1])) < inside && Interlocked.CompareExchange(ref a[1], inside, max) != max)
                {
                }
                Thread.Sleep(1); // widen the window in which a third holder would show
                Interlocked.Decrement(ref a[0]);
            }
        }
    }

    private static void WaitThenWrite(MpEvent e, SharedValue<int> v) => v.Value = e.Wait(TimeSpan.FromSeconds(60)) ? 1 : 2;

    [Fact]
    public void A_semaphore_counts_down_and_a_child_can_give_a_unit_back()
    {
        using var s = Mp.Semaphore(2);
        s.Acquire(TimeSpan.Zero).Should().BeTrue();
        s.Acquire(TimeSpan.Zero).Should().BeTrue();
        s.Acquire(TimeSpan.FromMilliseconds(20)).Should().BeFalse("both units are taken");
        s.Value.Should().Be(0);

        using var p = Children.Start(Mp.Process(ReleaseOne, s));
        p.JoinOk();

        s.Acquire(TimeSpan.FromSeconds(10)).Should().BeTrue("the child released a unit");
    }

    [Fact]
    public void Four_processes_never_hold_a_semaphore_of_two_more_than_two_at_a_time()
    {
        using var s = Mp.Semaphore(2);
        using var stats = Mp.Array<int>(2, withLock: false);
        var ps = Enumerable.Range(0, 4).Select(_ => Children.Start(Mp.Process(Crowd, s, stats))).ToList();
        try
        {
            ps.ForEach(p => p.JoinOk());
        }
        finally
        {
            ps.ForEach(p => p.Dispose());
        }
        stats[1].Should().BeInRange(1, 2, "a semaphore of 2 lets at most two holders in at once");
        s.Value.Should().Be(2, "every unit was given back");
    }

    [Fact]
    public void A_bounded_semaphore_refuses_an_extra_release()
    {
        using var s = Mp.BoundedSemaphore(1);
        s.Maximum.Should().Be(1);
        s.Invoking(x => x.Release()).Should().Throw<InvalidOperationException>().WithMessage("*released more times*");
        using (s.Hold())
        {
            s.Invoking(x => x.Hold(TimeSpan.Zero)).Should().Throw<TimeoutException>();
        }
        s.Value.Should().Be(1);
        using var plain = Mp.Semaphore();
        plain.Maximum.Should().BeNull("a plain semaphore has no bound");
    }

    [Fact]
    public void A_negative_initial_count_is_refused()
    {
        var make = () => Mp.Semaphore(-1);

        make.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Setting_an_event_wakes_a_child_waiting_for_it()
    {
        using var e = Mp.Event();
        using var v = Mp.Value(0);
        using var p = Children.Start(Mp.Process(WaitThenWrite, e, v));
        e.IsSet.Should().BeFalse();
        e.Set();
        p.JoinOk();

        v.Value.Should().Be(1, "the child's Wait returned true once the parent set the event");
    }

    [Fact]
    public void Wait_times_out_on_a_cleared_event_and_returns_at_once_on_a_set_one()
    {
        using var e = Mp.Event();
        e.Wait(TimeSpan.FromMilliseconds(30)).Should().BeFalse();
        e.Set();
        e.Wait(TimeSpan.Zero).Should().BeTrue();
        e.Clear();
        e.IsSet.Should().BeFalse();
        e.Wait(TimeSpan.Zero).Should().BeFalse();
    }
}

public sealed class DisposedPrimitiveTests
{
    [Fact]
    public void Every_primitive_refuses_use_after_Dispose_instead_of_touching_unmapped_memory()
    {
        var l = Mp.Lock();
        var r = Mp.RLock();
        var e = Mp.Event();
        var s = Mp.Semaphore();
        var b = Mp.Barrier(2);
        var c = Mp.Condition();
        foreach (IDisposable d in new IDisposable[] { l, r, e, s, b, c })
        {
            d.Dispose();
            d.ToString().Should().Contain("disposed", "ToString stays safe for debuggers and assertion messages");
        }

        l.Invoking(x => x.Acquire(TimeSpan.Zero)).Should().Throw<ObjectDisposedException>();
        l.Invoking(x => x.Release()).Should().Throw<ObjectDisposedException>();
        r.Invoking(x => x.IsHeldByCurrentThread).Should().Throw<ObjectDisposedException>();
        e.Invoking(x => x.IsSet).Should().Throw<ObjectDisposedException>();
        e.Invoking(x => x.Set()).Should().Throw<ObjectDisposedException>();
        s.Invoking(x => x.Release()).Should().Throw<ObjectDisposedException>();
        b.Invoking(x => x.Wait(TimeSpan.Zero)).Should().Throw<ObjectDisposedException>();
        c.Invoking(x => x.Acquire(TimeSpan.Zero)).Should().Throw<ObjectDisposedException>();
    }
}
