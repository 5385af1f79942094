using Harness.Native;

namespace Harness.Tests.Processes;

/// <summary>No child outlives its parent: the parent here is itself a child, so the test can end it.</summary>
public sealed class LifetimeTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    [Fact]
    public void Every_child_ends_within_2_seconds_when_its_parent_is_killed_with_SIGKILL()
    {
        using var parent = Mp.Process(Jobs.StartGrandchildren, 2, false, true);
        parent.OutputWriter = TextWriter.Null;
        parent.Start();
        Wait.Until(() => parent.Output.Contains(Jobs.JsonMark, StringComparison.Ordinal), Wait.Long)
            .Should().BeTrue($"the parent should report its children's pids; it printed: {parent.Output}");
        var pids = Jobs.ReadJson<List<int>>(parent);
        pids.Should().HaveCount(2).And.OnlyContain(pid => NativeProcess.IsRunning(pid));

        parent.Kill();
        parent.Join(Wait.Long).Should().BeTrue();

        Wait.Until(() => !pids.Any(NativeProcess.IsRunning), Grace)
            .Should().BeTrue($"children {string.Join(", ", pids)} should end within {Grace} of their parent's SIGKILL");
    }

    [Fact]
    public void A_daemon_child_ends_when_its_parent_exits_normally()
    {
        using var parent = Wait.Run(Mp.Process(Jobs.StartGrandchildren, 1, true, false));
        parent.ExitCode.Should().Be(0);
        var pids = Jobs.ReadJson<List<int>>(parent);

        Wait.Until(() => !pids.Any(NativeProcess.IsRunning), Grace)
            .Should().BeTrue("a daemon child is ended when its parent exits");
    }

    [Fact]
    public void A_parent_waits_at_exit_for_a_non_daemon_child_it_did_not_join()
    {
        using var parent = Wait.Run(Mp.Process(Jobs.StartSlowGrandchildWithoutJoin));

        parent.ExitCode.Should().Be(0);
        parent.Output.Should().Contain("grandchild finished",
            "as in Python, a parent's exit waits for its non-daemon children, so their work is not cut short");
    }
}
