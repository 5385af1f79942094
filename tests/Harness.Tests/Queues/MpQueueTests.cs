using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Harness.Tests.Queues;

public sealed class MpQueueTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Two_children_put_the_course_figure_on_the_queue()
    {
        using var q = Mp.Queue<long>();
        using var p1 = Run.Start(Mp.Process(QueueJobs.CourseJob, q));
        using var p2 = Run.Start(Mp.Process(QueueJobs.CourseJob, q));
        Run.JoinOk(p1);
        Run.JoinOk(p2);

        (q.Get(Run.Long) + q.Get(Run.Long)).Should().Be(499667166000);
        q.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Items_come_out_in_the_order_they_went_in()
    {
        using var q = Mp.Queue<string>();
        q.IsEmpty.Should().BeTrue();
        q.Put("a");
        q.Put("b");
        q.TryPut("c").Should().BeTrue();

        q.Count.Should().Be(3);
        q.Get().Should().Be("a");
        q.TryGet(out string? b).Should().BeTrue();
        b.Should().Be("b");
        q.Get(Short).Should().Be("c");
        q.TryGet(out _).Should().BeFalse();
    }

    [Fact]
    public void Big_integers_and_decimals_cross_a_queue()
    {
        using var q = Mp.Queue<System.Numerics.BigInteger>();
        var big = System.Numerics.BigInteger.Parse("4999999666666716666660000000", System.Globalization.CultureInfo.InvariantCulture);
        q.Put(big);
        q.Put(-big);

        q.Get(Short).Should().Be(big);
        q.Get(Short).Should().Be(-big);
    }

    [Fact]
    public void Get_on_an_empty_queue_times_out_with_a_message_about_the_producers()
    {
        using var q = Mp.Queue<int>();

        q.Invoking(x => x.Get(Short)).Should().Throw<TimeoutException>().WithMessage("*started*");
    }

    [Fact]
    public void A_bounded_queue_blocks_Put_while_full()
    {
        using var q = Mp.Queue<int>(maxSize: 2);
        q.Put(1);
        q.Put(2);

        q.TryPut(3).Should().BeFalse();
        q.Invoking(x => x.Put(3, Short)).Should().Throw<TimeoutException>().WithMessage("*MaxSize 2*");
        q.Get().Should().Be(1);
        q.TryPut(3).Should().BeTrue();
        q.MaxSize.Should().Be(2);
    }

    [Fact]
    public async Task GetAsync_waits_for_an_item_and_honours_cancellation()
    {
        using var q = Mp.Queue<int>();
        using var cts = new CancellationTokenSource(Short);
        await q.Invoking(x => x.GetAsync(cts.Token).AsTask()).Should().ThrowAsync<OperationCanceledException>();

        var pending = q.GetAsync(TestContext.Current.CancellationToken);
        q.Put(42);
        (await pending.AsTask().WaitAsync(Run.Long, TestContext.Current.CancellationToken)).Should().Be(42);
    }

    [Fact]
    public void Bad_items_and_misuse_fail_clearly()
    {
        using var q = Mp.Queue<object>();
        q.Invoking(x => x.Put(new MemoryStream())).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Mp.Queue<int>(-1)).Should().Throw<ArgumentOutOfRangeException>();

        q.Close();
        q.Invoking(x => x.Put(1)).Should().Throw<InvalidOperationException>().WithMessage("*Close*");
    }

    [Property(MaxTest = 8)]
    public void Any_records_arrive_intact_and_in_order_through_a_child(NonEmptyString[] labels, int[] numbers)
    {
        var parcels = labels.Select((l, i) => new Parcel(l.Get, numbers, new() { [l.Get] = i * 0.5, ["nan"] = double.NaN }, [(byte)i, 0, 255])).ToList();
        using var input = Mp.Queue<Parcel>();
        using var output = Mp.Queue<Parcel>();
        using var echo = Run.Start(Mp.Process(QueueJobs.Echo, input, output));
        parcels.ForEach(p => input.Put(p));
        input.Put(new Parcel("stop", [], [], []));

        var back = parcels.Select(_ => output.Get(Run.Long)).ToList();
        Run.JoinOk(echo);
        back.Should().BeEquivalentTo(parcels, o => o.WithStrictOrdering());
    }

    [Fact]
    public void A_64_megabyte_byte_array_arrives_intact()
    {
        byte[] big = new byte[64 * 1024 * 1024];
        new Random(7).NextBytes(big);
        using var input = Mp.Queue<Parcel>();
        using var output = Mp.Queue<Parcel>();
        using var echo = Run.Start(Mp.Process(QueueJobs.Echo, input, output));

        input.Put(new Parcel("big", [1], [], big));
        input.Put(new Parcel("stop", [], [], []));

        output.Get(Run.Long).Blob.AsSpan().SequenceEqual(big).Should().BeTrue();
        Run.JoinOk(echo);
    }

    [Fact]
    public void A_queue_keeps_working_after_its_creator_let_go_of_it()
    {
        var first = Mp.Queue<int>();
        var second = Mp.Queue<int>();
        using var consumer = Run.Start(Mp.Process(QueueJobs.Relay, first, 100, second));
        using var producer = Run.Start(Mp.Process(QueueJobs.Produce, first, 0, 100));
        int firstItem = second.Get(Run.Long); // the consumer has opened the queue: it relayed an item
        Run.JoinOk(producer);
        first.Dispose(); // the creator is done with it; the children still hold it

        Enumerable.Range(0, 99).Select(_ => second.Get(Run.Long)).Prepend(firstItem).Should().Equal(Enumerable.Range(0, 100));
        Run.JoinOk(consumer);
        second.Dispose();
    }

    [Fact]
    public void A_million_items_from_4_producers_reach_2_consumers_exactly_once()
    {
        const int producers = 4, consumers = 2, each = 250_000, total = producers * each;
        using var q = Mp.Queue<int>(maxSize: 100_000);
        using var results = Mp.Queue<byte[]>();
        var cs = Enumerable.Range(0, consumers).Select(_ => Run.Start(Mp.Process(QueueJobs.ConsumeToBitmap, q, results, total))).ToList();
        var ps = Enumerable.Range(0, producers).Select(i => Run.Start(Mp.Process(QueueJobs.Produce, q, i * each, each))).ToList();
        ps.ForEach(Run.JoinOk);
        for (int i = 0; i < consumers; i++)
        {
            q.Put(-1);
        }

        var maps = cs.Select(_ => new System.Collections.BitArray(results.Get(Run.Long))).ToList();
        cs.ForEach(Run.JoinOk);
        maps.Should().OnlyContain(m => m.Length >= total, "a consumer that saw an item twice reports an empty bitmap");
        var overlap = new System.Collections.BitArray(maps[0]).And(maps[1]);
        var union = new System.Collections.BitArray(maps[0]).Or(maps[1]);
        CountOnes(overlap).Should().Be(0, "no item reaches both consumers");
        CountOnes(union).Should().Be(total, "every item reaches a consumer");
        foreach (var p in ps.Concat(cs))
        {
            p.Dispose();
        }
    }

    private static int CountOnes(System.Collections.BitArray bits)
    {
        int n = 0;
        foreach (bool b in bits)
        {
            n += b ? 1 : 0;
        }
        return n;
    }
}
