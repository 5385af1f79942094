namespace Harness.Tests.Processes;

/// <summary>Bounded waits for tests: a broken build fails, it never hangs.</summary>
internal static class Wait
{
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    /// <summary>Polls a condition until it holds or the timeout passes.</summary>
    public static bool Until(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            Thread.Sleep(10);
        }
        return true;
    }

    /// <summary>Starts the process quietly and joins it with a generous timeout.</summary>
    public static MpProcess Run(MpProcess p)
    {
        p.OutputWriter = TextWriter.Null;
        p.Start();
        p.Join(Long).Should().BeTrue($"{p.Name} should finish well within {Long}; it printed: {p.Output}");
        return p;
    }
}
