namespace Harness.Tests.Queues;

/// <summary>Starts children quietly with bounded waits.</summary>
internal static class Run
{
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    public static MpProcess Start(MpProcess p) => Children.Start(p);

    public static void JoinOk(MpProcess p) => p.JoinOk();

    public static void WaitForOutput(MpProcess p, string text)
    {
        var deadline = DateTime.UtcNow + Long;
        while (!p.Output.Contains(text, StringComparison.Ordinal))
        {
            p.IsAlive.Should().BeTrue($"{p.Name} ended before printing '{text}': {p.Output}");
            DateTime.UtcNow.Should().BeBefore(deadline, $"{p.Name} should print '{text}'");
            Thread.Sleep(5);
        }
    }
}
