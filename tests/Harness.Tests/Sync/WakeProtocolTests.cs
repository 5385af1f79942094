using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harness.Native;

namespace Harness.Tests.Sync;

/// <summary>
/// Each primitive's wake protocol, hammered across processes: a thousand hand-offs where every
/// wait has a generous deadline. A wake-up lost on the way (a sleeper that misses the change it
/// waits for) can't be rescued by a polling slice in this layer, so it shows as a wait that ends
/// at its deadline: a failure, never a slow pass. Speed is measured in bench/, not here.
/// </summary>
public sealed partial class WakeProtocolTests
{
    private const int Passes = 1000;
    private static readonly TimeSpan Patience = Children.Patience;

    /// <summary>Passes the barrier n times and counts, per arrival index, how often this party got it.</summary>
    private static void PassBarrier(MpBarrier b, int n, SharedArray<int> indexCounts)
    {
        for (int i = 0; i < n; i++)
        {
            int index = b.Wait(Patience);
            Interlocked.Increment(ref indexCounts.AsSpan()[index]);
        }
    }

    private static void SemaphoreEcho(MpSemaphore ping, MpSemaphore pong, int n)
    {
        for (int i = 0; i < n; i++)
        {
            if (!ping.Acquire(Patience))
            {
                throw new TimeoutException($"ping {i} never came");
            }
            pong.Release();
        }
    }

    private static void EventEcho(MpEvent go, MpEvent done, int n)
    {
        for (int i = 0; i < n; i++)
        {
            if (!go.Wait(Patience))
            {
                throw new TimeoutException($"go {i} never came");
            }
            go.Clear();
            done.Set();
        }
    }

    /// <summary>Takes turns with the parent: waits for an odd turn, makes it even.</summary>
    private static void ConditionEcho(MpCondition c, SharedValue<int> turn, int n)
    {
        for (int i = 0; i < n; i++)
        {
            using (c.Hold())
            {
                if (!c.WaitFor(() => turn.Value % 2 == 1, Patience))
                {
                    throw new TimeoutException($"turn {2 * i + 1} never came");
                }
                turn.Value += 1;
                c.NotifyAll();
            }
        }
    }

    private static void QueueEcho(MpQueue<int> input, MpQueue<int> output, int n)
    {
        for (int i = 0; i < n; i++)
        {
            output.Put(input.Get(Patience) + 1);
        }
    }

    private static void MarkDone(MpJoinableQueue<int> q, int n)
    {
        for (int i = 0; i < n; i++)
        {
            q.Get(Patience);
            q.TaskDone();
        }
    }

    private static void PipeEcho(MpConnection<int> end, int n)
    {
        for (int i = 0; i < n; i++)
        {
            end.Send(end.Recv(Patience) + 1);
        }
    }

    private static void SleepLong() => Thread.Sleep(TimeSpan.FromSeconds(60));

    public static Arbitrary<int> PartyCounts() => Gen.Choose(2, 5).ToArbitrary();

    [Property(MaxTest = 4, Arbitrary = [typeof(WakeProtocolTests)])]
    public void A_barrier_of_any_size_opens_a_thousand_times_and_hands_out_every_index_each_round(int parties)
    {
        using var b = Mp.Barrier(parties);
        using var counts = Mp.Array<int>(parties, withLock: false);
        var ps = Enumerable.Range(0, parties - 1).Select(_ => Children.Start(Mp.Process(PassBarrier, b, Passes, counts))).ToList();
        try
        {
            PassBarrier(b, Passes, counts);
            ps.ForEach(p => p.JoinOk());
        }
        finally
        {
            ps.ForEach(p => p.Dispose());
        }
        counts.ToArray().Should().AllBeEquivalentTo(Passes, "in each of the rounds every arrival index went to exactly one party");
        b.IsBroken.Should().BeFalse("no party's wait reached its deadline: every wake-up arrived");
    }

    [Fact]
    public void Two_processes_hand_a_semaphore_unit_back_and_forth_a_thousand_times()
    {
        using var ping = Mp.Semaphore(0);
        using var pong = Mp.Semaphore(0);
        using var p = Children.Start(Mp.Process(SemaphoreEcho, ping, pong, Passes));
        for (int i = 0; i < Passes; i++)
        {
            ping.Release();
            pong.Acquire(Patience).Should().BeTrue($"the child's release {i} must wake the parent");
        }
        p.JoinOk();
    }

    [Fact]
    public void Two_processes_set_and_clear_events_in_turn_five_hundred_times()
    {
        using var go = Mp.Event();
        using var done = Mp.Event();
        using var p = Children.Start(Mp.Process(EventEcho, go, done, Passes / 2));
        for (int i = 0; i < Passes / 2; i++)
        {
            go.Set();
            done.Wait(Patience).Should().BeTrue($"the child's set {i} must wake the parent");
            done.Clear();
        }
        p.JoinOk();
    }

    [Fact]
    public void Two_processes_take_turns_through_a_condition_five_hundred_times()
    {
        using var c = Mp.Condition();
        using var turn = Mp.Value(0, withLock: false);
        using var p = Children.Start(Mp.Process(ConditionEcho, c, turn, Passes / 2));
        for (int i = 0; i < Passes / 2; i++)
        {
            using (c.Hold())
            {
                turn.Value += 1;
                c.NotifyAll();
                c.WaitFor(() => turn.Value % 2 == 0, Patience).Should().BeTrue($"the child's notify {i} must wake the parent");
            }
        }
        p.JoinOk();
        turn.Value.Should().Be(Passes);
    }

    [Fact]
    public void An_item_goes_to_a_child_and_back_through_two_queues_a_thousand_times()
    {
        using var input = Mp.Queue<int>();
        using var output = Mp.Queue<int>();
        using var p = Children.Start(Mp.Process(QueueEcho, input, output, Passes));
        for (int i = 0; i < Passes; i++)
        {
            input.Put(i);
            output.Get(Patience).Should().Be(i + 1);
        }
        p.JoinOk();
    }

    [Fact]
    public void Join_returns_after_each_item_a_child_marks_done_three_hundred_times()
    {
        using var q = Mp.JoinableQueue<int>();
        using var p = Children.Start(Mp.Process(MarkDone, q, 300));
        for (int i = 0; i < 300; i++)
        {
            q.Put(i);
            q.Join(Patience).Should().BeTrue($"the child's TaskDone {i} must wake Join");
        }
        p.JoinOk();
    }

    [Fact]
    public void A_number_goes_to_a_child_and_back_through_a_pipe_a_thousand_times()
    {
        var (mine, theirs) = Mp.Pipe<int>();
        using (mine)
        using (theirs)
        {
            using var p = Children.Start(Mp.Process(PipeEcho, theirs, Passes));
            for (int i = 0; i < Passes; i++)
            {
                mine.Send(i);
                mine.Recv(Patience).Should().Be(i + 1);
            }
            p.JoinOk();
        }
    }

    [Fact]
    public void A_lock_held_under_a_pid_that_now_names_another_process_is_taken_over()
    {
        using var l = Mp.Lock();
        using var other = Children.Start(Mp.Process(SleepLong));
        int pid = other.Pid!.Value;
        long start = NativeProcess.StartTimeOf(pid);
        start.Should().BeGreaterThan(0, "the child runs, so its start time can be read");
        try
        {
            l.Core.ForgeOwnerForTest(((long)pid << 32) | 1, start);
            l.Acquire(TimeSpan.FromMilliseconds(200)).Should().BeFalse("the owner recorded is that very process, alive");

            // The same pid with another start time: the owner that took the lock has ended and
            // the OS gave its pid to this process since.
            l.Core.ForgeOwnerForTest(((long)pid << 32) | 1, start + 12345);
            l.Acquire(Patience).Should().BeTrue("a reused pid must not keep a dead owner's lock");
            l.LastAcquireWasAbandoned.Should().BeTrue("the taker is told the owner died holding it");
            l.Release();
        }
        finally
        {
            other.Kill();
            other.Join(Patience);
        }
    }
}
