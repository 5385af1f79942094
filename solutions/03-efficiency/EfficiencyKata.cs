using System.Globalization;
using Harness;

namespace Katas.Efficiency;

/// <summary>Kata 03: the same work serially, with two threads and with two processes.</summary>
public static class EfficiencyKata
{
    /// <summary>The course's n: range(10_000_000).</summary>
    public const long CourseN = 10_000_000;

    /// <summary>The sum of i + i² + i³ for 0 ≤ i &lt; <paramref name="n"/>, exactly.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static Int128 Sum(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        Int128 res = 0;
        for (long i = 0; i < n; i++)
        {
            // i³ passes long.MaxValue from i = 2,097,152 on, and the total passes it much sooner:
            // widen i before multiplying, not after.
            Int128 x = i;
            res += x + (x * x) + (x * x * x);
        }
        return res;
    }

    /// <summary>The same sum from its closed form: n(n-1)/2 + (n-1)n(2n-1)/6 + (n(n-1)/2)².</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static Int128 ClosedForm(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        Int128 m = n;
        Int128 s1 = m * (m - 1) / 2;
        return s1 + ((m - 1) * m * ((2 * m) - 1) / 6) + (s1 * s1);
    }

    /// <summary>The course's job(q): puts <see cref="Sum"/>(n) on the queue, as text.</summary>
    public static void Job(MpQueue<string> q, long n) =>
        // Int128 can't cross on a queue (MessagePack has no formatter for it): send its digits.
        q.Put(Sum(n).ToString(CultureInfo.InvariantCulture));

    /// <summary>The course's normal(): <paramref name="job"/>(q, n) twice, one after the other, on this thread; returns the sum of what they put.</summary>
    public static Int128 Normal(Action<MpQueue<string>, long> job, long n)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var q = Mp.Queue<string>();
        // The same work as the two threads and the two processes do, but one job after the other.
        job(q, n);
        job(q, n);
        return Read(q) + Read(q);
    }

    /// <summary>The course's multithread(): two threads each run <paramref name="job"/>(q, n); returns the sum of what they put.</summary>
    public static Int128 MultiThread(Action<MpQueue<string>, long> job, long n)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var q = Mp.Queue<string>();
        // In .NET both threads run at once on two cores: there is no GIL to take turns on.
        var t1 = new Thread(() => job(q, n));
        var t2 = new Thread(() => job(q, n));
        t1.Start();
        t2.Start();
        t1.Join();
        t2.Join();
        return Read(q) + Read(q);
    }

    /// <summary>The course's multicore(): two processes each run <paramref name="job"/>(q, n); returns the sum of what they put.</summary>
    public static Int128 MultiCore(Action<MpQueue<string>, long> job, long n)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var q = Mp.Queue<string>();
        using var p1 = Mp.Process(job, q, n);
        using var p2 = Mp.Process(job, q, n);
        // Start both before joining either, or they run one after the other.
        p1.Start();
        p2.Start();
        p1.Join();
        p2.Join();
        return Read(q) + Read(q);
    }

    private static Int128 Read(MpQueue<string> q) => Int128.Parse(q.Get(TimeSpan.FromMinutes(5)), CultureInfo.InvariantCulture);
}
