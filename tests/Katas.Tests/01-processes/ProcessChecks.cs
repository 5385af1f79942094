namespace Katas.Tests.Processes;

/// <summary>Checks shared by the process katas, with messages that say what the learner's code did.</summary>
internal static class ProcessChecks
{
    public static void StartedJoinedAndSucceeded(MpProcess? p, string method)
    {
        p.Should().NotBeNull($"{method} should return the process it started");
        p!.Pid.Should().NotBeNull($"{method} created {p.Name} but never called Start, so no process ran");
        p.Pid.Should().NotBe(Environment.ProcessId, "the job must run in a child process, not in the test's own process");
        p.ExitObserved.Should().BeTrue(
            $"{method} should wait for {p.Name} with Join() before returning; without it the parent carries on before the child has run");
        p.ExitCode.Should().Be(0, "the child should finish its job normally; {0}", Show(p));
    }

    public static string Show(MpProcess p) =>
        $"{p.Name} exited with code {p.ExitCode?.ToString() ?? "(still running)"}" +
        (p.Error is { } e ? $" after throwing {e.RemoteType}: {e.Message}" : "") +
        $", and printed: \"{Truncate(p.Output)}\"";

    public static void DisposeAll(IEnumerable<MpProcess>? processes)
    {
        foreach (MpProcess p in processes ?? [])
        {
            p?.Dispose();
        }
    }

    private static string Truncate(string s) => s.Length <= 400 ? s : s[..400] + "...";
}
