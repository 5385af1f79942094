using System.Globalization;
using Harness;

namespace Katas.Efficiency;

// Kata 03: the same work serially, with two threads and with two processes.
// Read README.md in this folder first. Run the tests with:
//   kata check 03-efficiency
// Then see the timings: dotnet run -c Release --project katas/03-efficiency/compare

/// <summary>Kata 03: the same work serially, with two threads and with two processes.</summary>
public static class EfficiencyKata
{
    /// <summary>The course's n: range(10_000_000).</summary>
    public const long CourseN = 10_000_000;

    /// <summary>The sum of i + i² + i³ for 0 ≤ i &lt; <paramref name="n"/>, exactly.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static Int128 Sum(long n)
    {
        // TODO: refuse a negative n; add i + i*i + i*i*i for every i < n, without overflowing
        throw new NotImplementedException();
    }

    /// <summary>The same sum from its closed form: n(n-1)/2 + (n-1)n(2n-1)/6 + (n(n-1)/2)².</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static Int128 ClosedForm(long n)
    {
        // TODO: refuse a negative n; compute the formula in Int128
        throw new NotImplementedException();
    }

    /// <summary>The course's job(q): puts <see cref="Sum"/>(n) on the queue, as text.</summary>
    public static void Job(MpQueue<string> q, long n)
    {
        // TODO: put Sum(n) on the queue, as a string (CultureInfo.InvariantCulture)
        throw new NotImplementedException();
    }

    /// <summary>The course's normal(): <paramref name="job"/>(q, n) twice, one after the other, on this thread; returns the sum of what they put.</summary>
    public static Int128 Normal(Action<MpQueue<string>, long> job, long n)
    {
        // TODO: a queue; call job(q, n) twice, here, one after the other; parse and add the two items
        throw new NotImplementedException();
    }

    /// <summary>The course's multithread(): two threads each run <paramref name="job"/>(q, n); returns the sum of what they put.</summary>
    public static Int128 MultiThread(Action<MpQueue<string>, long> job, long n)
    {
        // TODO: a queue; two threads running job(q, n); start both, join both; parse and add the two items
        throw new NotImplementedException();
    }

    /// <summary>The course's multicore(): two processes each run <paramref name="job"/>(q, n); returns the sum of what they put.</summary>
    public static Int128 MultiCore(Action<MpQueue<string>, long> job, long n)
    {
        // TODO: a queue; two processes running job with (q, n); start both, join both; parse and add the two items
        throw new NotImplementedException();
    }
}
