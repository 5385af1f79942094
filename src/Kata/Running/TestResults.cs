namespace Kata.Running;

/// <summary>Where the code under test comes from: the learner's stubs or the reference solutions.</summary>
internal enum KataSource
{
    /// <summary>katas/: the learner's code.</summary>
    Katas,

    /// <summary>solutions/: the reference solutions.</summary>
    Solutions,
}

/// <summary>How one test ended.</summary>
internal enum TestOutcome
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>One test's result, with the message that explains a failure.</summary>
/// <param name="FullName">Namespace, class and method (and arguments): Katas.Tests.Queues.QueueKataTests.Job_puts_...</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Message">The framework's whole failure message (wrappers included), or null.</param>
/// <param name="StackTrace">The stack trace of the failure, or null.</param>
internal sealed record TestCaseResult(string FullName, TestOutcome Outcome, string? Message = null, string? StackTrace = null)
{
    /// <summary>
    /// The messages that teach: the innermost failures, without the wrappers the framework put
    /// around them (an aggregate, a property's "Falsifiable" report). Empty when unknown; then
    /// <see cref="Message"/> is all there is.
    /// </summary>
    public IReadOnlyList<string> Messages { get; init; } = [];

    /// <summary>What the test and the processes it started printed, in order ("[MpProcess-1] aaa"); empty when nothing.</summary>
    public string Output { get; init; } = "";

    /// <summary>How long the test ran, when known.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The test's source file (absolute, as the compiler saw it) and line, when known.</summary>
    public string? SourceFile { get; init; }

    public int SourceLine { get; init; }

    /// <summary>The method name (and arguments) without namespace and class.</summary>
    public string ShortName
    {
        get
        {
            int paren = FullName.IndexOf('(', StringComparison.Ordinal);
            string head = paren < 0 ? FullName : FullName[..paren];
            int dot = head.LastIndexOf('.');
            return dot < 0 ? FullName : FullName[(dot + 1)..];
        }
    }

    /// <summary>The name as a sentence: test names use underscores between words.</summary>
    public string DisplayName => ShortName.Replace('_', ' ');
}

/// <summary>A compiler error, located in a file when the compiler said where.</summary>
internal sealed record BuildError(string Text, string? File = null, int Line = 0, int Column = 0);

/// <summary>The result of building the kata tests against one source.</summary>
internal sealed record BuildResult(bool Succeeded, IReadOnlyList<BuildError> Errors, string Output)
{
    public static BuildResult Success { get; } = new(true, [], "");

    /// <summary>Nothing the build reads had changed since the last successful build, so it was skipped.</summary>
    public bool UpToDate { get; init; }
}

/// <summary>The results of one kata's tests.</summary>
/// <param name="Kata">The kata's name.</param>
/// <param name="Tests">Every test that reported a result, in the order they finished.</param>
/// <param name="Problem">Why the run is not complete (stopped, crashed, no tests), or null.</param>
internal sealed record KataRun(string Kata, IReadOnlyList<TestCaseResult> Tests, string? Problem = null)
{
    /// <summary>GitHub workflow command lines (::error ...) for the failed tests, to pass on to the job's log.</summary>
    public IReadOnlyList<string> WorkflowCommands { get; init; } = [];

    /// <summary>Tests that had started and not finished when the run was stopped.</summary>
    public IReadOnlyList<string> Unfinished { get; init; } = [];

    /// <summary>Tests that passed.</summary>
    public int Passed => Tests.Count(t => t.Outcome == TestOutcome.Passed);

    /// <summary>Tests that failed.</summary>
    public int Failed => Tests.Count(t => t.Outcome == TestOutcome.Failed);

    /// <summary>Every test that reported a result.</summary>
    public int Total => Tests.Count;

    /// <summary>Done: there are tests, the run was not cut short, and every one passed.</summary>
    public bool AllPassed => Problem is null && Total > 0 && Passed == Total;
}

/// <summary>What a test run tells as it goes, and what it may do.</summary>
internal sealed record RunOptions
{
    /// <summary>Also write GitHub Actions annotations for failed tests (<see cref="KataRun.WorkflowCommands"/>).</summary>
    public bool GitHubAnnotations { get; init; }

    /// <summary>How long one test may run before the run is stopped; null for the runner's own bound.</summary>
    public TimeSpan? TestTimeout { get; init; }

    /// <summary>Tests not to run, by their full display name ("Katas.Tests.Queues.QueueKataTests.Consumer_stops"): tests that hung before.</summary>
    public IReadOnlyList<string> ExcludedTests { get; init; } = [];

    /// <summary>Called (on any thread) when a test starts, with its full name.</summary>
    public Action<string>? TestStarted { get; init; }

    /// <summary>Called (on any thread) as each test finishes.</summary>
    public Action<TestCaseResult>? TestFinished { get; init; }

    public static RunOptions None { get; } = new();
}
