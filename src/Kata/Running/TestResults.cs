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
internal sealed record TestCaseResult(string FullName, TestOutcome Outcome, string? Message = null, string? StackTrace = null)
{
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
}

/// <summary>The results of one kata's tests.</summary>
internal sealed record KataRun(string Kata, IReadOnlyList<TestCaseResult> Tests, string? Problem = null)
{
    /// <summary>GitHub workflow command lines (::error ...) the test logger printed, to pass on to the job's log.</summary>
    public IReadOnlyList<string> WorkflowCommands { get; init; } = [];

    /// <summary>Tests that passed.</summary>
    public int Passed => Tests.Count(t => t.Outcome == TestOutcome.Passed);

    /// <summary>Tests that failed.</summary>
    public int Failed => Tests.Count(t => t.Outcome == TestOutcome.Failed);

    /// <summary>Every test that reported a result.</summary>
    public int Total => Tests.Count;

    /// <summary>Done: there are tests, the run was not cut short, and every one passed.</summary>
    public bool AllPassed => Problem is null && Total > 0 && Passed == Total;
}
