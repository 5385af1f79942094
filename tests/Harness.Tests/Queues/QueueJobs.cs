using System.Collections;

namespace Harness.Tests.Queues;

/// <summary>Jobs the queue tests run in child processes.</summary>
internal static class QueueJobs
{
    /// <summary>The course's job: the sum of i + i² + i³ for i &lt; 1000, put on the queue.</summary>
    public static void CourseJob(MpQueue<long> q)
    {
        long res = 0;
        for (long i = 0; i < 1000; i++)
        {
            res += i + (i * i) + (i * i * i);
        }
        q.Put(res);
    }

    public static void Produce(MpQueue<int> q, int from, int count)
    {
        for (int i = from; i < from + count; i++)
        {
            q.Put(i);
        }
    }

    /// <summary>Takes items until it gets -1, marking what it saw in a bitmap it sends back.</summary>
    public static void ConsumeToBitmap(MpQueue<int> q, MpQueue<byte[]> results, int size)
    {
        var seen = new BitArray(size);
        int duplicates = 0;
        while (true)
        {
            int item = q.Get(TimeSpan.FromSeconds(60));
            if (item < 0)
            {
                break;
            }
            duplicates += seen[item] ? 1 : 0;
            seen[item] = true;
        }
        byte[] bytes = new byte[(size + 7) / 8];
        seen.CopyTo(bytes, 0);
        results.Put(duplicates == 0 ? bytes : []);
    }

    /// <summary>Echoes every item from one queue to another until the sentinel.</summary>
    public static void Echo(MpQueue<Parcel> input, MpQueue<Parcel> output)
    {
        while (input.Get(TimeSpan.FromSeconds(60)) is { Label: not "stop" } p)
        {
            output.Put(p);
        }
    }

    /// <summary>Puts forever, announcing the first put, until killed.</summary>
    public static void PutForever(MpQueue<int> q)
    {
        for (int i = 0; ; i++)
        {
            q.Put(i);
            if (i == 0)
            {
                Console.WriteLine("putting");
            }
        }
    }

    /// <summary>Starts a put and stops inside it, after writing the bytes and before publishing them.</summary>
    public static void HangInsidePut(MpQueue<int> q)
    {
        Harness.Queues.QueueCore.BeforePublishHook = () =>
        {
            Console.WriteLine("inside put");
            Thread.Sleep(Timeout.Infinite);
        };
        q.Put(666);
    }

    /// <summary>Starts a get and stops inside it, after copying the item and before taking it.</summary>
    public static void HangInsideGet(MpQueue<int> q)
    {
        Harness.Queues.QueueCore.BeforeTakeHook = () =>
        {
            Console.WriteLine("inside get");
            Thread.Sleep(Timeout.Infinite);
        };
        q.Get();
    }

    /// <summary>Sends through a pipe end, then returns without closing it: its exit closes it.</summary>
    public static void SendThree(MpConnection<string> end)
    {
        end.Send("one");
        end.Send("two");
        end.Send("three");
    }

    /// <summary>Answers each message with its length until the other end closes.</summary>
    public static void Lengths(MpConnection<string> end)
    {
        try
        {
            while (true)
            {
                end.Send(end.Recv(TimeSpan.FromSeconds(60)).Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        catch (EndOfStreamException)
        {
            end.Send("bye");
        }
    }

    /// <summary>Gets items and marks each done.</summary>
    public static void WorkAndMarkDone(MpJoinableQueue<int> q, int count)
    {
        for (int i = 0; i < count; i++)
        {
            q.Get(TimeSpan.FromSeconds(60));
            q.TaskDone();
        }
    }

    /// <summary>Relays items from one queue to another: both ends of the test's queue live in children.</summary>
    public static void Relay(MpQueue<int> input, int count, MpQueue<int> output)
    {
        for (int i = 0; i < count; i++)
        {
            output.Put(input.Get(TimeSpan.FromSeconds(60)));
        }
    }
}

public sealed record Parcel(string Label, int[] Numbers, Dictionary<string, double> Weights, byte[] Blob);
