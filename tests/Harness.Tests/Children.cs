using System.Diagnostics;

namespace Harness.Tests;

/// <summary>Helpers for tests that run jobs in child processes.</summary>
internal static class Children
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Starts a quiet child; the caller disposes it.</summary>
    public static MpProcess Start(MpProcess p)
    {
        p.OutputWriter = TextWriter.Null;
        p.Start();
        return p;
    }

    /// <summary>Joins with a timeout and checks the job succeeded.</summary>
    public static void JoinOk(this MpProcess p)
    {
        p.Join(Patience).Should().BeTrue($"{p.Name} should finish within {Patience}; it printed: {p.Output}");
        p.ExitCode.Should().Be(0, $"the child's job should succeed; it printed: {p.Output}");
    }

    /// <summary>Waits, with a deadline, until a condition made true by another process holds.</summary>
    public static void WaitUntil(Func<bool> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > Patience)
            {
                throw new TimeoutException($"Waited {Patience} for {what}.");
            }
            Thread.Sleep(5);
        }
    }

    /// <summary>Runs <paramref name="f"/> on a new thread of this process and returns its result.</summary>
    public static T OnOtherThread<T>(Func<T> f)
    {
        T result = default!;
        var t = new Thread(() => result = f()) { IsBackground = true };
        t.Start();
        t.Join(Patience).Should().BeTrue("the other thread should finish");
        return result;
    }

    /// <summary>Starts <paramref name="f"/> on a new thread; the returned function waits for its result.</summary>
    public static Func<T> StartThread<T>(Func<T> f)
    {
        T result = default!;
        var t = new Thread(() => result = f()) { IsBackground = true };
        t.Start();
        return () =>
        {
            t.Join(Patience).Should().BeTrue("the other thread should finish");
            return result;
        };
    }
}
