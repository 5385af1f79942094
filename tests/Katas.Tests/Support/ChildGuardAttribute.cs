using System.Reflection;
using Harness.Processes;
using Xunit.v3;

// Every kata test runs under the guard, and what the test and its children print becomes part of
// the test's output ([MpProcess-1] aaa), shown with its result.
[assembly: Katas.Tests.Support.ChildGuard]
[assembly: CaptureConsole]

namespace Katas.Tests.Support;

/// <summary>
/// After each test: a child process the test started and that is still running gets a short
/// grace to finish; then it is killed, and the test fails with what the child was waiting for.
/// Without this, a consumer waiting for a sentinel that never comes would keep the test host
/// alive for ever (it waits for its children at exit), and no later test would report.
/// </summary>
/// <remarks>
/// Children are told apart by the test they were started in (the execution context captured at
/// Start flows into the learner's threads and tasks), so tests running in parallel keep theirs.
/// Daemon children (a pool's workers) are left alone: they end with the test host, never hang it,
/// and a class fixture's pool must outlive the test that happened to start a worker.
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ChildGuardAttribute : BeforeAfterTestAttribute
{
    /// <summary>How long a child may go on after its test before it is killed.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        List<MpProcess> mine = [.. Mp.ActiveChildren.Where(p => !p.Daemon && StartedBy(p, test.UniqueID))];
        if (mine.Count == 0)
        {
            return;
        }
        DateTime deadline = DateTime.UtcNow + Grace;
        foreach (MpProcess p in mine)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            p.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        List<MpProcess> running = [.. mine.Where(p => p.IsAlive)];
        if (running.Count == 0)
        {
            return;
        }
        string why = Leftovers.Describe(running);
        foreach (MpProcess p in running)
        {
            p.Kill();
        }
        foreach (MpProcess p in running)
        {
            p.Join(TimeSpan.FromSeconds(10));
        }
        string was = running.Count == 1 ? "was" : "were";
        throw new ChildLeftRunningException(
            $"{Leftovers.Count(running.Count)} this test started {was} still running {Grace.TotalSeconds:0} s after the test ended, so {(running.Count == 1 ? "it" : "they")} {was} killed.\n{why}");
    }

    /// <summary>Whether the test with this id started the child (its context at Start says so).</summary>
    private static bool StartedBy(MpProcess p, string testId)
    {
        if (ChildRegistry.StartedIn(p) is not { } context)
        {
            return false;
        }
        string? id = null;
        ExecutionContext.Run(context, _ => id = TestContext.Current.Test?.UniqueID, null);
        return id == testId;
    }
}

/// <summary>A child process outlived the test that started it.</summary>
public sealed class ChildLeftRunningException : Exception
{
    public ChildLeftRunningException()
    {
    }

    public ChildLeftRunningException(string message)
        : base(message)
    {
    }

    public ChildLeftRunningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
