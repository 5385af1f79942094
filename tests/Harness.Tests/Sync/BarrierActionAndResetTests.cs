using System.Diagnostics;

namespace Harness.Tests.Sync;

/// <summary>The barrier's action, Reset, NWaiting and default timeout, as Python's Barrier has them.</summary>
public sealed class BarrierActionAndResetTests
{
    private static readonly TimeSpan Patience = Children.Patience;

    /// <summary>The action of a barrier: counts its runs in [0] and notes the pid that ran each.</summary>
    private static void RecordPid(SharedArray<int> pids)
    {
        Span<int> s = pids.AsSpan();
        s[Interlocked.Increment(ref s[0])] = Environment.ProcessId;
    }

    private static void FailAction() => throw new InvalidOperationException("the action failed");

    /// <summary>First in the first round, last in the second.</summary>
    private static void ArriveFirstThenLast(MpBarrier b)
    {
        b.Wait(Patience);
        UntilWaiting(b, 1);
        b.Wait(Patience);
    }

    /// <summary>Last to arrive: waits for the other party first.</summary>
    private static void ArriveLast(MpBarrier b)
    {
        UntilWaiting(b, b.Parties - 1);
        b.Wait(Patience);
    }

    private static void WaitAndTell(MpBarrier b, MpQueue<string> outcome)
    {
        try
        {
            b.Wait(Patience);
            outcome.Put("passed");
        }
        catch (BrokenBarrierException)
        {
            outcome.Put("broken");
        }
    }

    private static void UntilWaiting(MpBarrier b, int n)
    {
        var sw = Stopwatch.StartNew();
        while (b.NWaiting < n)
        {
            if (sw.Elapsed > Patience)
            {
                throw new TimeoutException($"Waited {Patience} for {n} parties to wait.");
            }
            Thread.Sleep(1);
        }
    }

    [Fact]
    public void The_action_runs_once_a_round_in_the_process_of_the_last_party_to_arrive()
    {
        using var pids = Mp.Array<int>(3, withLock: false);
        using var b = Mp.Barrier(2, RecordPid, pids);
        using var child = Children.Start(Mp.Process(ArriveFirstThenLast, b));

        Children.WaitUntil(() => b.NWaiting == 1, "the child to arrive first");
        b.Wait(Patience).Should().Be(1, "this process arrives last in the first round");
        b.Wait(Patience).Should().Be(0, "the child arrives last in the second round");
        child.JoinOk();

        pids.ToArray().Should().Equal([2, Environment.ProcessId, child.Pid!.Value],
            "the action ran once a round, in this process when it came last, then in the child");
    }

    [Fact]
    public void An_action_lambda_that_captures_nothing_runs_in_a_child()
    {
        using var b = Mp.Barrier(2, () => Console.WriteLine("all parties are here"));
        using var child = Children.Start(Mp.Process(ArriveLast, b));

        b.Wait(Patience).Should().Be(0);
        child.JoinOk();

        child.Output.Should().Contain("all parties are here", "the child arrived last, so the action ran there");
    }

    [Fact]
    public void An_action_that_throws_breaks_the_barrier_and_its_exception_reaches_the_party_that_ran_it()
    {
        using var b = Mp.Barrier(2, FailAction);
        using var outcome = Mp.Queue<string>();
        using var child = Children.Start(Mp.Process(WaitAndTell, b, outcome));

        Children.WaitUntil(() => b.NWaiting == 1, "the child to wait");
        b.Invoking(x => x.Wait(Patience)).Should().Throw<InvalidOperationException>()
            .WithMessage("the action failed", "the last party ran the action and gets what it threw, as in Python");

        outcome.Get(Patience).Should().Be("broken", "a failed action breaks the barrier for the parties that waited");
        b.IsBroken.Should().BeTrue();
        child.JoinOk();
    }

    [Fact]
    public void An_action_that_captures_a_variable_is_refused_when_the_barrier_is_made()
    {
        string greeting = "hello";

        Action make = () => Mp.Barrier(2, () => Console.WriteLine(greeting)).Dispose();

        make.Should().Throw<ArgumentException>().WithMessage("*'greeting'*Mp.Barrier(parties, Action, x)*",
            "the action runs in whichever process arrives last, which can't see this one's variables");
    }

    [Fact]
    public void Reset_makes_a_broken_barrier_whole_again()
    {
        using var b = Mp.Barrier(2);
        b.Abort();
        b.IsBroken.Should().BeTrue();

        b.Reset();

        b.IsBroken.Should().BeFalse("reset puts the barrier back to its first state");
        using var child = Children.Start(Mp.Process(ArriveLast, b));
        b.Wait(Patience).Should().Be(0, "two parties meet at a reset barrier");
        child.JoinOk();
    }

    [Fact]
    public void A_reset_sends_the_waiting_parties_away_broken_and_leaves_the_barrier_unbroken()
    {
        using var b = Mp.Barrier(3);
        using var outcome = Mp.Queue<string>();
        var ps = Enumerable.Range(0, 2).Select(_ => Children.Start(Mp.Process(WaitAndTell, b, outcome))).ToList();
        try
        {
            Children.WaitUntil(() => b.NWaiting == 2, "both children to wait");
            b.Reset();

            outcome.Get(Patience).Should().Be("broken", "a reset wakes each waiting party with BrokenBarrierError");
            outcome.Get(Patience).Should().Be("broken");
            b.IsBroken.Should().BeFalse("unlike Abort, Reset leaves the barrier usable");
            ps.ForEach(p => p.JoinOk());
        }
        finally
        {
            ps.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public void NWaiting_counts_the_parties_in_the_round_and_is_zero_once_broken()
    {
        using var b = Mp.Barrier(3);
        using var outcome = Mp.Queue<string>();
        b.NWaiting.Should().Be(0);
        using var first = Children.Start(Mp.Process(WaitAndTell, b, outcome));
        Children.WaitUntil(() => b.NWaiting == 1, "the first child to wait");
        using var second = Children.Start(Mp.Process(WaitAndTell, b, outcome));
        Children.WaitUntil(() => b.NWaiting == 2, "the second child to wait");

        b.Wait(Patience).Should().Be(2, "the third party opens the round");

        b.NWaiting.Should().Be(0, "an opened round leaves nobody waiting");
        outcome.Get(Patience).Should().Be("passed");
        outcome.Get(Patience).Should().Be("passed");
        b.Abort();
        b.NWaiting.Should().Be(0, "a broken barrier has nobody waiting, as Python's n_waiting says");
        first.JoinOk();
        second.JoinOk();
    }

    [Fact]
    public void A_wait_without_a_timeout_uses_the_default_and_an_infinite_one_overrides_it()
    {
        using (var lone = Mp.Barrier(2, timeout: TimeSpan.Zero))
        {
            lone.Invoking(x => x.Wait()).Should().Throw<BrokenBarrierException>("a default timeout of zero ends a wait nobody meets at once")
                .WithMessage("Only some of the 2 parties*");
            lone.IsBroken.Should().BeTrue();
        }

        using var b = Mp.Barrier(2, timeout: TimeSpan.Zero);
        Func<int> child = Children.StartThread(() => b.Wait(Timeout.InfiniteTimeSpan));
        Children.WaitUntil(() => b.NWaiting == 1, "the other party to wait, with no deadline");
        b.Wait(Timeout.InfiniteTimeSpan).Should().Be(1);
        child().Should().Be(0, "an explicit infinite timeout waits past the default of zero");
        b.IsBroken.Should().BeFalse();
    }

    [Fact]
    public void Bad_arguments_are_refused_by_name()
    {
        FluentActions.Invoking(() => Mp.Barrier(0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("parties");
        FluentActions.Invoking(() => Mp.Barrier(2, timeout: TimeSpan.FromSeconds(-2))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("timeout");
        FluentActions.Invoking(() => Mp.Barrier(2, null!, 1)).Should().Throw<ArgumentNullException>().WithParameterName("action");
    }

    [Fact]
    public void A_disposed_barrier_refuses_every_member()
    {
        var b = Mp.Barrier(2);
        b.Dispose();

        b.Invoking(x => x.Reset()).Should().Throw<ObjectDisposedException>();
        b.Invoking(x => x.NWaiting).Should().Throw<ObjectDisposedException>();
        b.Invoking(x => x.Wait(TimeSpan.Zero)).Should().Throw<ObjectDisposedException>();
    }
}
