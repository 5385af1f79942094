using System.Globalization;
using Katas.Efficiency;

namespace Katas.Tests.Efficiency;

/// <summary>Plausible wrong answers to kata 03. <see cref="EfficiencyCheckTests"/> proves the kata's checks catch each one.</summary>
internal static class WrongSolutions
{
    /// <summary>Widens the total but computes i + i*i + i*i*i in long: i*i*i overflows from i = 2,097,152.</summary>
    public static Int128 SumWideningTooLate(long n)
    {
        Int128 res = 0;
        for (long i = 0; i < n; i++)
        {
            res += i + (i * i) + (i * i * i);
        }
        return res;
    }

    /// <summary>The closed form in long: wraps around silently.</summary>
    public static Int128 ClosedFormInLong(long n)
    {
        long s1 = n * (n - 1) / 2;
        return s1 + ((n - 1) * n * ((2 * n) - 1) / 6) + (s1 * s1);
    }

    /// <summary>Returns 0 for a negative n instead of refusing it.</summary>
    public static Int128 SumAcceptingANegativeN(long n) => n < 0 ? 0 : EfficiencyKata.Sum(n);

    /// <summary>Runs the job once and doubles what it put.</summary>
    public static Int128 NormalDoublingOneRun(Action<MpQueue<string>, long> job, long n)
    {
        using var q = Mp.Queue<string>();
        job(q, n);
        return 2 * Int128.Parse(q.Get(), CultureInfo.InvariantCulture);
    }

    /// <summary>Computes the answer from the closed form and never runs the job.</summary>
    public static Int128 NormalFromTheClosedForm(Action<MpQueue<string>, long> job, long n) => 2 * EfficiencyKata.ClosedForm(n);

    /// <summary>Joins t1 before starting t2.</summary>
    public static Int128 MultiThreadOneAfterTheOther(Action<MpQueue<string>, long> job, long n)
    {
        using var q = Mp.Queue<string>();
        var t1 = new Thread(() => job(q, n));
        var t2 = new Thread(() => job(q, n));
        t1.Start();
        t1.Join();
        t2.Start();
        t2.Join();
        return Read(q) + Read(q);
    }

    /// <summary>Runs the threads, then returns the closed form instead of what they put.</summary>
    public static Int128 MultiThreadIgnoringTheQueue(Action<MpQueue<string>, long> job, long n)
    {
        using var q = Mp.Queue<string>();
        var t1 = new Thread(() => job(q, n));
        var t2 = new Thread(() => job(q, n));
        t1.Start();
        t2.Start();
        t1.Join();
        t2.Join();
        return 2 * EfficiencyKata.ClosedForm(n);
    }

    /// <summary>Joins p1 before starting p2.</summary>
    public static Int128 MultiCoreOneAfterTheOther(Action<MpQueue<string>, long> job, long n)
    {
        using var q = Mp.Queue<string>();
        using var p1 = Mp.Process(job, q, n);
        using var p2 = Mp.Process(job, q, n);
        p1.Start();
        p1.Join();
        p2.Start();
        p2.Join();
        return Read(q) + Read(q);
    }

    /// <summary>Runs EfficiencyKata.Job instead of the job it was given.</summary>
    public static Int128 MultiCoreIgnoringItsJob(Action<MpQueue<string>, long> job, long n)
    {
        using var q = Mp.Queue<string>();
        using var p1 = Mp.Process(EfficiencyKata.Job, q, n);
        using var p2 = Mp.Process(EfficiencyKata.Job, q, n);
        p1.Start();
        p2.Start();
        p1.Join();
        p2.Join();
        return Read(q) + Read(q);
    }

    /// <summary>Reads one item and doubles it: right only when both jobs put the same number.</summary>
    public static Int128 MultiCoreDoublingOneItem(Action<MpQueue<string>, long> job, long n)
    {
        using var q = Mp.Queue<string>();
        using var p1 = Mp.Process(job, q, n);
        using var p2 = Mp.Process(job, q, n);
        p1.Start();
        p2.Start();
        p1.Join();
        p2.Join();
        return 2 * Read(q);
    }

    /// <summary>Reads both items and returns without joining p1 and p2.</summary>
    public static Int128 MultiCoreWithoutJoin(Action<MpQueue<string>, long> job, long n)
    {
        using var q = Mp.Queue<string>();
        using var p1 = Mp.Process(job, q, n);
        using var p2 = Mp.Process(job, q, n);
        p1.Start();
        p2.Start();
        return Read(q) + Read(q);
    }

    private static Int128 Read(MpQueue<string> q) => Int128.Parse(q.Get(TimeSpan.FromMinutes(1)), CultureInfo.InvariantCulture);
}
