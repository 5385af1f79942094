using static Harness.Tests.Conformance.ConformanceJobs;

namespace Harness.Tests.Conformance;

/// <summary>
/// CPython's <c>_TestLock</c>, <c>_TestSemaphore</c>, <c>_TestCondition</c>, <c>_TestEvent</c>
/// and <c>_TestBarrier</c>, case by case under their names, with the waiters in child processes.
/// Deliberate differences: ValueError on a bad release is InvalidOperationException; acquire(False)
/// is Acquire(TimeSpan.Zero); CPython's timing assertions are left out. The barrier cases run their
/// parties in N - 1 children and the test process, as CPython's do; its late parties wait for the
/// break instead of sleeping past a timeout, and every wait has a timeout.
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

    /// <summary>CPython's _TestBarrier.N: the parties of each case.</summary>
    private const int N = 5;

    /// <summary>
    /// run_threads: <paramref name="party"/> runs in N - 1 child processes and in this one, as
    /// CPython's Bunch runs it in N - 1 threads or processes and the main thread.
    /// </summary>
    private static void RunParties(Func<MpProcess> child, Action party)
    {
        var others = Enumerable.Range(0, N - 1).Select(_ => Quiet(child())).ToList();
        try
        {
            others.ForEach(p => p.Start());
            party();
            others.ForEach(p => p.JoinOk());
        }
        finally
        {
            others.ForEach(p => p.Dispose());
        }
    }

    /// <summary>setUp: the barrier of most cases, with CPython's generous default timeout.</summary>
    private static MpBarrier DefaultBarrier() => Mp.Barrier(N, timeout: Patience);

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void test_barrier_and_test_barrier_10(int passes)
    {
        using var barrier = DefaultBarrier();
        using var results = Mp.Array<int>(2, withLock: false);

        RunParties(() => Mp.Process(Multipass, barrier, results, passes), () => Multipass(barrier, results, passes));

        results.ToArray().Should().Equal([N * passes, N * passes], "every party counted itself before and after each wait, in lockstep");
        barrier.NWaiting.Should().Be(0, "nobody is left waiting");
        barrier.IsBroken.Should().BeFalse();
    }

    [Fact]
    public void test_wait_return()
    {
        using var barrier = DefaultBarrier();
        using var queue = Mp.Queue<int>();

        RunParties(() => Mp.Process(BarrierParty, barrier, queue, 1), () => BarrierParty(barrier, queue, 1));

        var results = Enumerable.Range(0, N).Select(_ => queue.Get(Patience)).ToList();
        results.Count(i => i == 0).Should().Be(1, "exactly one party of a round gets index 0");
        results.Order().Should().Equal(Enumerable.Range(0, N), "the indexes of a round are 0..N-1, one each");
    }

    [Fact]
    public void test_action()
    {
        // CPython's barrier here has no default timeout; every wait of these tests has one.
        using var results = Mp.Array<int>(1, withLock: false);
        using var barrier = Mp.Barrier(N, AppendTrue, results, Patience);

        RunParties(() => Mp.Process(ActionParty, barrier, results), () => ActionParty(barrier, results));

        results[0].Should().Be(1, "the action runs once per round, before any party is released");
    }

    [Fact]
    public void test_abort()
    {
        using var barrier = DefaultBarrier();
        using var results = Mp.Array<int>(2, withLock: false);

        RunParties(() => Mp.Process(AbortParty, barrier, results), () => AbortParty(barrier, results));

        results[0].Should().Be(0, "no party passes the second wait of an aborted barrier");
        results[1].Should().Be(N - 1, "every party but the one that aborted gets BrokenBarrierError");
        barrier.IsBroken.Should().BeTrue();
    }

    [Fact]
    public void test_reset()
    {
        using var barrier = DefaultBarrier();
        using var results = Mp.Array<int>(3, withLock: false);

        RunParties(() => Mp.Process(ResetParty, barrier, results), () => ResetParty(barrier, results));

        results[0].Should().Be(0, "no waiting party passes a barrier that is reset under it");
        results[1].Should().Be(N - 1, "every waiting party gets BrokenBarrierError from the reset");
        results[2].Should().Be(N, "after the reset all parties pass the barrier again");
    }

    [Fact]
    public void test_abort_and_reset()
    {
        using var barrier = DefaultBarrier();
        using var barrier2 = Mp.Barrier(N);
        using var results = Mp.Array<int>(3, withLock: false);

        RunParties(() => Mp.Process(AbortAndResetParty, barrier, barrier2, results), () => AbortAndResetParty(barrier, barrier2, results));

        results[0].Should().Be(0, "no party passes the second wait of an aborted barrier");
        results[1].Should().Be(N - 1, "every party but the one that aborted gets BrokenBarrierError");
        results[2].Should().Be(N, "a reset barrier is whole again: all parties pass it");
    }

    /// <summary>_TestBarrier.test_timeout (the name test_timeout is _TestCondition's here).</summary>
    [Fact]
    public void test_barrier_timeout()
    {
        using var barrier = DefaultBarrier();
        using var results = Mp.Array<int>(1, withLock: false);
        TimeSpan half = TimeSpan.FromSeconds(0.5);

        RunParties(() => Mp.Process(LateParty, barrier, results, Patience, (TimeSpan?)half), () => LateParty(barrier, results, Patience, half));

        results[0].Should().Be(N, "a wait(0.5) that times out breaks the barrier for every party, the late one too");
    }

    [Fact]
    public void test_default_timeout()
    {
        using var barrier = Mp.Barrier(N, timeout: TimeSpan.FromSeconds(0.5));
        using var results = Mp.Array<int>(1, withLock: false);

        RunParties(() => Mp.Process(LateParty, barrier, results, Patience, (TimeSpan?)null), () => LateParty(barrier, results, Patience, null));

        results[0].Should().Be(N, "a wait() without a timeout uses the barrier's, and timing out breaks it for every party");
    }

    [Fact]
    public void test_thousand()
    {
        const int passes = 1000;
        using var barrier = DefaultBarrier();
        using var @lock = Mp.Lock();
        var (conn, childConn) = Mp.Pipe<int>(duplex: false);
        using var reader = conn;
        using var writer = childConn;
        var parties = Enumerable.Range(0, N).Select(_ => Quiet(Mp.Process(ThousandParty, barrier, passes, childConn, @lock))).ToList();
        try
        {
            parties.ForEach(p => p.Start());
            for (int i = 0; i < passes; i++)
            {
                for (int j = 0; j < N; j++)
                {
                    conn.Recv(Patience).Should().Be(i, "no party sends pass i + 1 before every party has sent pass i");
                }
            }
            parties.ForEach(p => p.JoinOk());
        }
        finally
        {
            parties.ForEach(p => p.Dispose());
        }
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
}
