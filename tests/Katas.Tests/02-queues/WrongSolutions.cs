using Katas.Queues;

namespace Katas.Tests.Queues;

/// <summary>
/// Plausible wrong answers to kata 02. <see cref="QueueCheckTests"/> proves the kata's checks
/// catch each one.
/// </summary>
internal static class WrongSolutions
{
    /// <summary>Loops with an int: i*i*i overflows from i = 1291.</summary>
    public static long SeedSumWithAnInt(long from, long to)
    {
        long res = 0;
        for (int i = (int)from; i < to; i++)
        {
            res += i + (i * i) + (i * i * i);
        }
        return res;
    }

    /// <summary>Includes the end of the range.</summary>
    public static long SeedSumIncludingTheEnd(long from, long to) => QueueKata.SeedSum(from, to + 1);

    /// <summary>Puts the result twice.</summary>
    public static void JobPuttingTwice(MpQueue<long> q)
    {
        q.Put(QueueKata.SeedSum(0, 1000));
        q.Put(QueueKata.SeedSum(0, 1000));
    }

    /// <summary>Gets one result and doubles it: right only because both children put the same number.</summary>
    public static long CourseProgramDoublingOneResult()
    {
        using var q = Mp.Queue<long>();
        using var p1 = Mp.Process(QueueKata.Job, q);
        using var p2 = Mp.Process(QueueKata.Job, q);
        p1.Start();
        p2.Start();
        p1.Join();
        p2.Join();
        return 2 * q.Get();
    }

    /// <summary>Joins p1 before starting p2.</summary>
    public static long CourseProgramOneAfterTheOther()
    {
        using var q = Mp.Queue<long>();
        using var p1 = Mp.Process(QueueKata.Job, q);
        using var p2 = Mp.Process(QueueKata.Job, q);
        p1.Start();
        p1.Join();
        p2.Start();
        p2.Join();
        return q.Get() + q.Get();
    }

    /// <summary>The parent computes each range's sum; the workers only carry it to the queue.</summary>
    public static long SumWithWorkersComputedByTheParent(long n, int workers)
    {
        using var q = Mp.Queue<long>();
        var processes = Enumerable.Range(0, workers)
            .Select(w => Mp.Process(Carry, q, QueueKata.SeedSum(n * w / workers, n * (w + 1) / workers)))
            .ToList();
        processes.ForEach(p => p.Start());
        long total = Enumerable.Range(0, workers).Sum(_ => q.Get());
        processes.ForEach(p => p.Join());
        return total;
    }

    public static void Carry(MpQueue<long> q, long value) => q.Put(value);

    /// <summary>Starts and joins each worker in turn.</summary>
    public static long SumWithWorkersOneAtATime(long n, int workers)
    {
        using var q = Mp.Queue<long>();
        long total = 0;
        for (int w = 0; w < workers; w++)
        {
            using var p = Mp.Process(QueueKata.PartialSum, q, n * w / workers, n * (w + 1) / workers);
            p.Start();
            p.Join();
            total += q.Get();
        }
        return total;
    }

    /// <summary>Waits on the queue before starting the workers: waits for ever.</summary>
    public static long SumWithWorkersGettingBeforeStarting(long n, int workers)
    {
        using var q = Mp.Queue<long>();
        var processes = Enumerable.Range(0, workers)
            .Select(w => Mp.Process(QueueKata.PartialSum, q, n * w / workers, n * (w + 1) / workers))
            .ToList();
        long total = 0;
        foreach (MpProcess p in processes)
        {
            total += q.Get();
            p.Start();
        }
        processes.ForEach(p => p.Join());
        return total;
    }

    /// <summary>Forgets the sentinel: the consumer would wait for ever.</summary>
    public static void ProducerWithoutTheSentinel(MpQueue<int> items, int count)
    {
        for (int i = 1; i <= count; i++)
        {
            items.Put(i);
        }
    }

    /// <summary>Puts the sentinel first.</summary>
    public static void ProducerWithTheSentinelFirst(MpQueue<int> items, int count)
    {
        items.Put(QueueKata.Stop);
        for (int i = 1; i <= count; i++)
        {
            items.Put(i);
        }
    }

    /// <summary>Adds the sentinel to the sum.</summary>
    public static void ConsumerAddingTheSentinel(MpQueue<int> items, MpQueue<long> result)
    {
        long sum = 0;
        int item;
        do
        {
            item = items.Get();
            sum += item;
        }
        while (item != QueueKata.Stop);
        result.Put(sum);
    }

    /// <summary>Stops as soon as the queue is empty, sentinel or not.</summary>
    public static void ConsumerStoppingWhenTheQueueIsEmpty(MpQueue<int> items, MpQueue<long> result)
    {
        long sum = 0;
        while (!items.IsEmpty)
        {
            int item = items.Get();
            if (item == QueueKata.Stop)
            {
                break;
            }
            sum += item;
        }
        result.Put(sum);
    }

    /// <summary>Puts the running total after every item.</summary>
    public static void ConsumerPuttingRunningTotals(MpQueue<int> items, MpQueue<long> result)
    {
        long sum = 0;
        for (int item = items.Get(); item != QueueKata.Stop; item = items.Get())
        {
            sum += item;
            result.Put(sum);
        }
    }

    /// <summary>Runs the producer to the end, then the consumer: the queue holds every item meanwhile.</summary>
    public static long ProducerConsumerOneAfterTheOther(int count)
    {
        using var items = Mp.Queue<int>();
        using var result = Mp.Queue<long>();
        using var producer = Mp.Process(QueueKata.Producer, items, count);
        using var consumer = Mp.Process(QueueKata.Consumer, items, result);
        producer.Start();
        producer.Join();
        consumer.Start();
        consumer.Join();
        return result.Get();
    }

    /// <summary>Gets both results and returns without joining: the results are right, the children are never waited for.</summary>
    public static long CourseProgramWithoutJoin()
    {
        using var q = Mp.Queue<long>();
        using var p1 = Mp.Process(QueueKata.Job, q);
        using var p2 = Mp.Process(QueueKata.Job, q);
        p1.Start();
        p2.Start();
        return q.Get() + q.Get();
    }

    /// <summary>Joins every worker but the last.</summary>
    public static long SumWithWorkersJoiningAllButTheLast(long n, int workers)
    {
        using var q = Mp.Queue<long>();
        var processes = new List<MpProcess>();
        for (int w = 0; w < workers; w++)
        {
            processes.Add(Mp.Process(QueueKata.PartialSum, q, n * w / workers, n * (w + 1) / workers));
        }
        processes.ForEach(p => p.Start());
        long total = 0;
        for (int w = 0; w < workers; w++)
        {
            total += q.Get();
        }
        processes.Take(workers - 1).ToList().ForEach(p => p.Join());
        processes.ForEach(p => p.Dispose());
        return total;
    }

    /// <summary>Returns the consumer's sum without joining the producer.</summary>
    public static long ProducerConsumerWithoutJoiningTheProducer(int count)
    {
        using var items = Mp.Queue<int>();
        using var result = Mp.Queue<long>();
        using var consumer = Mp.Process(QueueKata.Consumer, items, result);
        using var producer = Mp.Process(QueueKata.Producer, items, count);
        consumer.Start();
        producer.Start();
        long sum = result.Get();
        consumer.Join();
        return sum;
    }

    /// <summary>Consumes on the parent's own thread instead of in a process.</summary>
    public static long ProducerConsumerConsumingInTheParent(int count)
    {
        using var items = Mp.Queue<int>();
        using var result = Mp.Queue<long>();
        using var producer = Mp.Process(QueueKata.Producer, items, count);
        producer.Start();
        QueueKata.Consumer(items, result);
        producer.Join();
        return result.Get();
    }
}
