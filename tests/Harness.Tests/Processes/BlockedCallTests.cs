using Harness.Processes;

namespace Harness.Tests.Processes;

/// <summary>A child that waits long says on what; the parent keeps it and explains waits that can never end.</summary>
public sealed class BlockedCallTests
{
    private static MpProcess StartQuiet(MpProcess p)
    {
        p.OutputWriter = TextWriter.Null;
        p.Start();
        return p;
    }

    private static ChildStatus WaitForStatus(MpProcess p)
    {
        Wait.Until(() => p.Status is not null || !p.IsAlive, Wait.Long)
            .Should().BeTrue($"{p.Name} should say what it waits for within {Wait.Long}");
        p.Status.Should().NotBeNull($"{p.Name} waits and is alive; it printed: {p.Output}");
        return p.Status!;
    }

    [Fact]
    public void A_child_waiting_on_an_empty_queue_says_Get_and_names_the_queue_after_its_parameter()
    {
        using var items = Mp.Queue<int>();
        using var consumer = StartQuiet(Mp.Process(WaitJobs.ConsumeUntilStop, items));

        ChildStatus status = WaitForStatus(consumer);

        status.Calls.Should().ContainSingle();
        BlockedCall call = status.Calls[0];
        call.Describe().Should().Be("Get on the queue 'items' (MpQueue<int>)");
        call.Timed.Should().BeFalse("Get was called without a timeout");
        call.Seconds.Should().BeGreaterThanOrEqualTo(ChildWatch.Threshold.TotalSeconds);
        items.Put(WaitJobs.Stop);
        consumer.Join(Wait.Long).Should().BeTrue();
        consumer.ExitCode.Should().Be(0);
    }

    [Fact]
    public void A_child_waiting_for_a_lock_says_which_process_holds_it()
    {
        using var guard = Mp.Lock();
        guard.Acquire();
        try
        {
            using var child = StartQuiet(Mp.Process(WaitJobs.AcquireLock, guard));

            BlockedCall call = WaitForStatus(child).Calls.Single();

            call.Describe().Should().Be($"Acquire on the lock 'guard' (MpLock), held by pid {Environment.ProcessId}");
            child.Kill();
            child.Join(Wait.Long).Should().BeTrue();
        }
        finally
        {
            guard.Release();
        }
    }

    [Fact]
    public void A_consumer_whose_producer_has_exited_is_told_to_check_the_sentinel()
    {
        using var items = Mp.Queue<int>();
        using var consumer = StartQuiet(Mp.Process(WaitJobs.ConsumeUntilStop, items));
        using var producer = StartQuiet(Mp.Process(WaitJobs.ProduceWithoutSentinel, items, 3));
        producer.Join(Wait.Long).Should().BeTrue();
        producer.ExitCode.Should().Be(0);

        WaitForStatus(consumer);
        string message = Leftovers.Describe(consumer);

        message.Should().StartWith($"{consumer.Name} (WaitJobs.ConsumeUntilStop) was waiting in Get on the queue 'items' (MpQueue<int>) for ");
        message.Should().Contain($"{producer.Name} (WaitJobs.ProduceWithoutSentinel), the only process that put items on it, has exited")
            .And.Contain("did the producer put the sentinel");
        consumer.Kill();
    }

    [Fact]
    public void A_consumer_of_a_queue_nobody_put_on_is_asked_whether_the_producer_was_started()
    {
        using var items = Mp.Queue<int>();
        using var consumer = StartQuiet(Mp.Process(WaitJobs.ConsumeUntilStop, items));

        WaitForStatus(consumer);

        Leftovers.Describe(consumer).Should().Contain("Nothing was ever put on that queue").And.Contain("is the producer started");
        consumer.Kill();
    }

    [Fact]
    public void A_child_that_is_busy_rather_than_waiting_is_described_as_running()
    {
        using var sleeper = StartQuiet(Mp.Process(Jobs.SleepForever));

        Leftovers.Describe(sleeper).Should().Contain("was still running, not waiting on a queue, lock or process").And.Contain("Join every process you start");
        sleeper.Kill();
    }

    [Fact]
    public void A_parent_whose_remaining_children_can_only_wait_for_ever_ends_them_at_exit_and_says_why()
    {
        using var parent = StartQuiet(Mp.Process(WaitJobs.LeaveAStuckConsumerBehind));

        parent.Join(Wait.Long).Should().BeTrue($"the parent's exit should end its stuck child; it printed: {parent.Output}");

        parent.ExitCode.Should().Be(0);
        parent.Output.Should().Contain("returning without joining the consumer")
            .And.Contain("At exit, 1 child process still running could only wait for ever, so it was killed:")
            .And.Contain("did the producer put the sentinel");
    }

    [Fact]
    public void A_thread_of_this_process_in_a_blocking_call_is_listed_until_the_call_returns()
    {
        using var q = Mp.Queue<string>();
        using var entered = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            entered.Set();
            _ = q.Get(Wait.Long);
        }) { IsBackground = true, Name = "waiter" };
        thread.Start();
        entered.Wait(Wait.Long, TestContext.Current.CancellationToken).Should().BeTrue();

        Wait.Until(() => Blocking.Snapshot().Any(s => s.Call.ThreadName == "waiter"), Wait.Long).Should().BeTrue();
        BlockedCall call = Blocking.Snapshot().Single(s => s.Call.ThreadName == "waiter").Call;
        call.Call.Should().Be("Get");
        call.Timed.Should().BeTrue("Get was given a timeout");
        q.Put("done");
        thread.Join(Wait.Long).Should().BeTrue();

        Blocking.Snapshot().Should().NotContain(s => s.Call.ThreadName == "waiter", "the call returned");
    }
}
