using Harness;

namespace Katas.Queues;

/// <summary>Kata 02: get results back from child processes through a queue.</summary>
public static class QueueKata
{
    /// <summary>The sentinel ("poison pill") that tells a consumer to stop.</summary>
    public const int Stop = -1;

    /// <summary>The sum of i + i² + i³ for <paramref name="from"/> ≤ i &lt; <paramref name="to"/>.</summary>
    public static long SeedSum(long from, long to)
    {
        long res = 0;
        for (long i = from; i < to; i++)
        {
            res += i + (i * i) + (i * i * i);
        }
        return res;
    }

    /// <summary>The course's job: puts the sum for i &lt; 1000 on the queue. It runs in a child.</summary>
    public static void Job(MpQueue<long> q) => q.Put(SeedSum(0, 1000));

    /// <summary>The course's program: two processes run Job; the parent gets both results and returns their sum.</summary>
    public static long CourseProgram()
    {
        using var q = Mp.Queue<long>();
        using var p1 = Mp.Process(Job, q);   // the queue crosses to the child by name
        using var p2 = Mp.Process(Job, q);
        p1.Start();
        p2.Start();
        p1.Join();
        p2.Join();
        // Each child put one item; Get takes them out in the order they arrived.
        return q.Get() + q.Get();
    }

    /// <summary>A worker's job: puts the seed sum of its range on the queue.</summary>
    public static void PartialSum(MpQueue<long> q, long from, long to) => q.Put(SeedSum(from, to));

    /// <summary>
    /// Splits [0, n) into <paramref name="workers"/> ranges, sums each in its own process
    /// (<see cref="PartialSum"/>), and returns the total of what they put on the queue.
    /// </summary>
    public static long SumWithWorkers(long n, int workers)
    {
        using var q = Mp.Queue<long>();
        var processes = new List<MpProcess>();
        for (int w = 0; w < workers; w++)
        {
            long from = n * w / workers, to = n * (w + 1) / workers;
            processes.Add(Mp.Process(PartialSum, q, from, to));
        }
        // Start the workers before waiting on the queue: a Get before Start would wait forever.
        processes.ForEach(p => p.Start());
        long total = 0;
        for (int w = 0; w < workers; w++)
        {
            total += q.Get();
        }
        processes.ForEach(p => { p.Join(); p.Dispose(); });
        return total;
    }

    /// <summary>Puts 1..count on the queue, then the <see cref="Stop"/> sentinel.</summary>
    public static void Producer(MpQueue<int> items, int count)
    {
        for (int i = 1; i <= count; i++)
        {
            items.Put(i);
        }
        items.Put(Stop);
    }

    /// <summary>Takes items until the <see cref="Stop"/> sentinel, then puts their sum on <paramref name="result"/>.</summary>
    public static void Consumer(MpQueue<int> items, MpQueue<long> result)
    {
        long sum = 0;
        // The consumer can't know how many items will come: the sentinel says when to stop.
        for (int item = items.Get(); item != Stop; item = items.Get())
        {
            sum += item;
        }
        result.Put(sum);
    }

    /// <summary>Runs a producer and a consumer process connected by a queue; returns the consumer's sum.</summary>
    public static long ProducerConsumer(int count)
    {
        using var items = Mp.Queue<int>();
        using var result = Mp.Queue<long>();
        using var consumer = Mp.Process(Consumer, items, result);
        using var producer = Mp.Process(Producer, items, count);
        consumer.Start();
        producer.Start();
        long sum = result.Get();
        producer.Join();
        consumer.Join();
        return sum;
    }
}
