using Harness;

namespace Katas.Queues;

// Kata 02: get results back from child processes through a queue.
// Read README.md in this folder first. Run the tests with:
//   kata check 02-queues

/// <summary>Kata 02: get results back from child processes through a queue.</summary>
public static class QueueKata
{
    /// <summary>The sentinel ("poison pill") that tells a consumer to stop.</summary>
    public const int Stop = -1;

    /// <summary>The sum of i + i² + i³ for <paramref name="from"/> ≤ i &lt; <paramref name="to"/>.</summary>
    public static long SeedSum(long from, long to)
    {
        // TODO: add i + i*i + i*i*i for every i in the range
        throw new NotImplementedException();
    }

    /// <summary>The course's job: puts the sum for i &lt; 1000 on the queue. It runs in a child.</summary>
    public static void Job(MpQueue<long> q)
    {
        // TODO: put SeedSum(0, 1000) on the queue
        throw new NotImplementedException();
    }

    /// <summary>The course's program: two processes run Job; the parent gets both results and returns their sum.</summary>
    public static long CourseProgram()
    {
        // TODO: a queue, two processes running Job with it, start, join, get both results
        throw new NotImplementedException();
    }

    /// <summary>A worker's job: puts the seed sum of its range on the queue.</summary>
    public static void PartialSum(MpQueue<long> q, long from, long to)
    {
        // TODO: put SeedSum(from, to) on the queue
        throw new NotImplementedException();
    }

    /// <summary>
    /// Splits [0, n) into <paramref name="workers"/> ranges, sums each in its own process
    /// (<see cref="PartialSum"/>), and returns the total of what they put on the queue.
    /// </summary>
    public static long SumWithWorkers(long n, int workers)
    {
        // TODO: one process per range; start them all; get one result per worker; join them
        throw new NotImplementedException();
    }

    /// <summary>Puts 1..count on the queue, then the <see cref="Stop"/> sentinel.</summary>
    public static void Producer(MpQueue<int> items, int count)
    {
        // TODO: put 1..count, then Stop
        throw new NotImplementedException();
    }

    /// <summary>Takes items until the <see cref="Stop"/> sentinel, then puts their sum on <paramref name="result"/>.</summary>
    public static void Consumer(MpQueue<int> items, MpQueue<long> result)
    {
        // TODO: get until Stop, then put the sum on result
        throw new NotImplementedException();
    }

    /// <summary>Runs a producer and a consumer process connected by a queue; returns the consumer's sum.</summary>
    public static long ProducerConsumer(int count)
    {
        // TODO: two queues, a consumer and a producer process; return what the consumer puts on result
        throw new NotImplementedException();
    }
}
