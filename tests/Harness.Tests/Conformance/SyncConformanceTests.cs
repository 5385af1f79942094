using static Harness.Tests.Conformance.ConformanceJobs;

namespace Harness.Tests.Conformance;

/// <summary>
/// CPython's <c>_TestLock</c>, <c>_TestSemaphore</c>, <c>_TestCondition</c>, <c>_TestEvent</c>
/// and <c>_TestBarrier</c>, case by case under their names, with the waiters in child processes.
/// Deliberate differences: ValueError on a bad release is InvalidOperationException; acquire(False)
/// is Acquire(TimeSpan.Zero); CPython's timing assertions are left out. Barrier reset, action and
/// n_waiting are not built yet: their cases are listed and skipped.
/// </summary>
public sealed class SyncConformanceTests
{
    private static MpProcess Quiet(MpProcess p)
    {
        p.OutputWriter = TextWriter.Null;
        p.Daemon = true;
        return p;
    }

    [Fact]
    public void test_lock()
    {
        using var l = Mp.Lock();
        l.Acquire(TimeSpan.Zero).Should().BeTrue();
        l.Acquire(TimeSpan.Zero).Should().BeFalse("a Lock is not re-entrant");
        l.Release();
        l.Invoking(x => x.Release()).Should().Throw<InvalidOperationException>("releasing an unlocked lock is ValueError");
    }

    [Fact]
    public void test_rlock()
    {
        using var l = Mp.RLock();
        l.Acquire(TimeSpan.Zero).Should().BeTrue();
        l.Acquire(TimeSpan.Zero).Should().BeTrue();
        l.Acquire(TimeSpan.Zero).Should().BeTrue();
        l.Release();
        l.Release();
        l.Release();
        l.Invoking(x => x.Release()).Should().Throw<InvalidOperationException>("releasing an unowned RLock is an error");
    }

    [Fact]
    public void test_lock_context()
    {
        using var l = Mp.Lock();
        using (l.Hold())
        {
            l.Acquire(TimeSpan.Zero).Should().BeFalse("held inside `with`");
        }
        l.Acquire(TimeSpan.Zero).Should().BeTrue("released after `with`");
        l.Release();
    }

    [Fact]
    public void test_semaphore()
    {
        using var sem = Mp.Semaphore(2);
        sem.Value.Should().Be(2);
        sem.Acquire(TimeSpan.Zero).Should().BeTrue();
        sem.Value.Should().Be(1);
        sem.Acquire(TimeSpan.Zero).Should().BeTrue();
        sem.Value.Should().Be(0);
        sem.Acquire(TimeSpan.Zero).Should().BeFalse();
        sem.Release();
        sem.Value.Should().Be(1);
        sem.Release();
        sem.Value.Should().Be(2);
    }

    [Fact]
    public void test_bounded_semaphore()
    {
        using var sem = Mp.BoundedSemaphore(2);
        sem.Acquire(TimeSpan.Zero).Should().BeTrue();
        sem.Release();
        sem.Invoking(s => s.Release()).Should().Throw<InvalidOperationException>("a bounded semaphore released past its value raises ValueError");
    }

    [Fact]
    public void test_semaphore_timeout_and_release_from_another_process()
    {
        using var sem = Mp.Semaphore(0);
        sem.Acquire(TimeSpan.FromMilliseconds(100)).Should().BeFalse("acquire(True, 0.1) of a zero semaphore times out");
        using var go = Mp.Event();
        using var p = Quiet(Mp.Process(ReleaseSemaphoreAfter, sem, go));
        p.Start();
        go.Set();

        sem.Acquire(Patience).Should().BeTrue("the child released it");
        p.JoinOk();
    }

    [Fact]
    public void test_notify()
    {
        using var cond = Mp.Condition();
        using var sleeping = Mp.Semaphore(0);
        using var woken = Mp.Semaphore(0);
        using var p = Quiet(Mp.Process(ConditionWaiter, cond, sleeping, woken, -1));
        p.Start();

        sleeping.Acquire(Patience).Should().BeTrue("the child is waiting on the condition");
        woken.Acquire(TimeSpan.FromMilliseconds(200)).Should().BeFalse("nobody notified it yet");
        using (cond.Hold())
        {
            cond.Notify();
        }
        woken.Acquire(Patience).Should().BeTrue("notify() wakes the waiter");
        p.JoinOk();
    }

    [Fact]
    public void test_notify_all()
    {
        using var cond = Mp.Condition();
        using var sleeping = Mp.Semaphore(0);
        using var woken = Mp.Semaphore(0);
        var waiters = Enumerable.Range(0, 3).Select(_ => Quiet(Mp.Process(ConditionWaiter, cond, sleeping, woken, -1))).ToList();
        try
        {
            waiters.ForEach(w => w.Start());
            for (int i = 0; i < 3; i++)
            {
                sleeping.Acquire(Patience).Should().BeTrue();
            }
            using (cond.Hold())
            {
                cond.NotifyAll();
            }
            for (int i = 0; i < 3; i++)
            {
                woken.Acquire(Patience).Should().BeTrue("notify_all() wakes every waiter");
            }
            waiters.ForEach(w => w.JoinOk());
        }
        finally
        {
            waiters.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public void test_notify_n()
    {
        using var cond = Mp.Condition();
        using var sleeping = Mp.Semaphore(0);
        using var woken = Mp.Semaphore(0);
        var waiters = Enumerable.Range(0, 3).Select(_ => Quiet(Mp.Process(ConditionWaiter, cond, sleeping, woken, -1))).ToList();
        try
        {
            waiters.ForEach(w => w.Start());
            for (int i = 0; i < 3; i++)
            {
                sleeping.Acquire(Patience).Should().BeTrue();
            }
            using (cond.Hold())
            {
                cond.Notify(2);
            }
            woken.Acquire(Patience).Should().BeTrue();
            woken.Acquire(Patience).Should().BeTrue();
            woken.Acquire(TimeSpan.FromMilliseconds(300)).Should().BeFalse("notify(2) wakes two of the three");
            using (cond.Hold())
            {
                cond.Notify(5);
            }
            woken.Acquire(Patience).Should().BeTrue("notify(n) with n beyond the waiters wakes the rest");
            waiters.ForEach(w => w.JoinOk());
        }
        finally
        {
            waiters.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public void test_timeout()
    {
        using var cond = Mp.Condition();
        using (cond.Hold())
        {
            cond.Wait(TimeSpan.FromMilliseconds(100)).Should().BeFalse("wait(0.1) with nobody notifying returns False");
        }
    }

    [Fact]
    public void test_waitfor()
    {
        using var cond = Mp.Condition();
        using var state = Mp.Value(0);
        using var result = Mp.Queue<bool>();
        using var p = Quiet(Mp.Process(WaitForFour, cond, state, result));
        p.Start();

        for (int i = 0; i < 4; i++)
        {
            using (cond.Hold())
            {
                state.Value += 1;
                cond.NotifyAll();
            }
        }

        result.Get(Patience).Should().BeTrue("wait_for returns the predicate's value once it holds");
        p.JoinOk();
    }

    [Fact]
    public void test_waitfor_timeout()
    {
        using var cond = Mp.Condition();
        using (cond.Hold())
        {
            cond.WaitFor(() => false, TimeSpan.FromMilliseconds(100)).Should().BeFalse("wait_for returns the predicate's last value at the timeout");
        }
    }

    [Fact]
    public void test_wait_result()
    {
        using var cond = Mp.Condition();
        using var sleeping = Mp.Semaphore(0);
        using var woken = Mp.Semaphore(0);
        using (cond.Hold())
        {
            cond.Wait(TimeSpan.Zero).Should().BeFalse();
            cond.Wait(TimeSpan.FromMilliseconds(100)).Should().BeFalse();
        }
        using var p = Quiet(Mp.Process(ConditionWaiter, cond, sleeping, woken, 60_000));
        p.Start();
        sleeping.Acquire(Patience).Should().BeTrue();
        using (cond.Hold())
        {
            cond.Notify();
        }
        woken.Acquire(Patience).Should().BeTrue();
        p.JoinOk();
    }

    [Fact]
    public void test_event()
    {
        using var e = Mp.Event();
        e.IsSet.Should().BeFalse();
        e.Wait(TimeSpan.Zero).Should().BeFalse();
        e.Wait(TimeSpan.FromMilliseconds(100)).Should().BeFalse();
        e.Set();
        e.IsSet.Should().BeTrue();
        e.Wait().Should().BeTrue();
        e.Wait(TimeSpan.Zero).Should().BeTrue();
        e.Clear();
        e.IsSet.Should().BeFalse();

        using var p = Quiet(Mp.Process(SetEvent, e));
        p.Start();
        e.Wait(Patience).Should().BeTrue("the child sets the event");
        p.JoinOk();
        e.IsSet.Should().BeTrue();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void test_barrier_and_test_barrier_10(int passes)
    {
        const int n = 3;
        using var barrier = Mp.Barrier(n);
        using var indexes = Mp.Queue<int>();
        var parties = Enumerable.Range(0, n).Select(_ => Quiet(Mp.Process(BarrierParty, barrier, indexes, passes))).ToList();
        try
        {
            parties.ForEach(p => p.Start());
            parties.ForEach(p => p.JoinOk());

            var got = Enumerable.Range(0, n * passes).Select(_ => indexes.Get(Patience)).ToList();
            got.Order().Should().Equal(Enumerable.Range(0, n).SelectMany(i => Enumerable.Repeat(i, passes)),
                "each round gives the arrival indexes 0..n-1 once (test_wait_return)");
        }
        finally
        {
            parties.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public void test_abort()
    {
        using var barrier = Mp.Barrier(3);
        using var results = Mp.Queue<string>();
        var parties = Enumerable.Range(0, 2).Select(_ => Quiet(Mp.Process(BarrierPartyThatSeesBreak, barrier, results))).ToList();
        try
        {
            parties.ForEach(p => p.Start());
            Children.WaitUntil(() => parties.All(p => p.IsAlive), "the parties to start");
            barrier.Abort();

            results.Get(Patience).Should().Be("broken");
            results.Get(Patience).Should().Be("broken");
            barrier.IsBroken.Should().BeTrue();
            barrier.Invoking(b => b.Wait(TimeSpan.FromSeconds(1))).Should().Throw<BrokenBarrierException>("a broken barrier stays broken");
            parties.ForEach(p => p.JoinOk());
        }
        finally
        {
            parties.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public void test_barrier_timeout()
    {
        using var barrier = Mp.Barrier(2);

        barrier.Invoking(b => b.Wait(TimeSpan.FromMilliseconds(100))).Should().Throw<BrokenBarrierException>("a party that times out breaks the barrier");
        barrier.IsBroken.Should().BeTrue();
    }

    [Fact]
    public void test_single_thread()
    {
        using var barrier = Mp.Barrier(1);
        for (int i = 0; i < 3; i++)
        {
            barrier.Wait(Patience).Should().Be(0, "a barrier of one opens at once");
        }
    }

    [Fact(Skip = "waits for the new barrier")]
    public void test_action() => throw new NotSupportedException();

    [Fact(Skip = "waits for the new barrier")]
    public void test_reset() => throw new NotSupportedException();

    [Fact(Skip = "waits for the new barrier")]
    public void test_abort_and_reset() => throw new NotSupportedException();

    [Fact(Skip = "waits for the new barrier")]
    public void test_default_timeout() => throw new NotSupportedException();
}
