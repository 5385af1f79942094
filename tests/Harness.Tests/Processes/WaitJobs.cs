namespace Harness.Tests.Processes;

/// <summary>Jobs that wait on something, for the tests of what a waiting child reports.</summary>
internal static class WaitJobs
{
    public const int Stop = -1;

    /// <summary>Takes items until the sentinel, then prints their sum.</summary>
    public static void ConsumeUntilStop(MpQueue<int> items)
    {
        long sum = 0;
        for (int item = items.Get(); item != Stop; item = items.Get())
        {
            sum += item;
        }
        Console.WriteLine($"sum {sum}");
    }

    /// <summary>Puts 1..count, and forgets the sentinel.</summary>
    public static void ProduceWithoutSentinel(MpQueue<int> items, int count)
    {
        for (int i = 1; i <= count; i++)
        {
            items.Put(i);
        }
    }

    /// <summary>Takes the lock and keeps it (a forgotten Release).</summary>
    public static void AcquireLock(MpLock guard) => guard.Acquire();

    /// <summary>Prints to stdout and stderr in turn.</summary>
    public static void Interleave(int lines)
    {
        for (int i = 0; i < lines; i++)
        {
            Console.Out.WriteLine($"out {i}");
            Console.Error.WriteLine($"err {i}");
        }
        Console.Out.Write("half a line, then ");
        Console.Error.WriteLine("an error line");
        Console.Out.WriteLine("the rest");
    }

    /// <summary>
    /// Starts a consumer and a producer that forgets its sentinel, waits for the producer, and
    /// returns: this process's exit must end the consumer that can only wait for ever.
    /// </summary>
    public static void LeaveAStuckConsumerBehind()
    {
        var items = Mp.Queue<int>();
        var consumer = Mp.Process(ConsumeUntilStop, items);
        var producer = Mp.Process(ProduceWithoutSentinel, items, 3);
        consumer.Start();
        producer.Start();
        producer.Join();
        Console.WriteLine("returning without joining the consumer");
    }
}
