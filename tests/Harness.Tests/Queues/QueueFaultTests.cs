namespace Harness.Tests.Queues;

public sealed class QueueFaultTests
{
    [Fact]
    public void A_producer_killed_inside_Put_loses_only_its_unpublished_item_and_the_queue_works_on()
    {
        using var q = Mp.Queue<int>();
        q.Put(1);
        using var doomed = Run.Start(Mp.Process(QueueJobs.HangInsidePut, q));
        Run.WaitForOutput(doomed, "inside put");   // it holds the producers' lock, bytes written, not published

        doomed.Kill();
        doomed.Join(Run.Long).Should().BeTrue();
        q.Put(2, Run.Long);                         // takes the lock over from the dead producer

        q.Get(Run.Long).Should().Be(1);
        q.Get(Run.Long).Should().Be(2, "the half-put 666 was never published, and its bytes were overwritten");
        q.TryGet(out _).Should().BeFalse();
    }

    [Fact]
    public void A_consumer_killed_inside_Get_leaves_the_item_for_the_next_consumer()
    {
        using var q = Mp.Queue<int>();
        q.Put(10);
        q.Put(20);
        using var doomed = Run.Start(Mp.Process(QueueJobs.HangInsideGet, q));
        Run.WaitForOutput(doomed, "inside get");   // it holds the consumers' lock, item copied, not taken

        doomed.Kill();
        doomed.Join(Run.Long).Should().BeTrue();

        q.Get(Run.Long).Should().Be(10, "an item is gone only once a consumer has taken it");
        q.Get(Run.Long).Should().Be(20);
    }

    [Fact]
    public void A_producer_killed_at_any_moment_leaves_a_gapless_prefix_and_a_usable_queue()
    {
        using var q = Mp.Queue<int>();
        using var producer = Run.Start(Mp.Process(QueueJobs.PutForever, q));
        Run.WaitForOutput(producer, "putting");

        producer.Kill();
        producer.Join(Run.Long).Should().BeTrue();
        q.Put(-1, Run.Long);

        var items = new List<int>();
        for (int item = q.Get(Run.Long); item != -1; item = q.Get(Run.Long))
        {
            items.Add(item);
        }
        items.Should().Equal(Enumerable.Range(0, items.Count), "what was fully put arrives once, in order, with no gap");
    }
}
