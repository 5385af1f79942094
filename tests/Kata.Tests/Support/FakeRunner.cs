using Kata.Running;

namespace Kata.Tests.Support;

/// <summary>A test runner that answers from a table instead of running dotnet.</summary>
internal sealed class FakeRunner : ITestRunner
{
    private readonly Dictionary<(KataSource, string), KataRun> _runs = [];

    public Dictionary<KataSource, BuildResult> Builds { get; } = new()
    {
        [KataSource.Katas] = BuildResult.Success,
        [KataSource.Solutions] = BuildResult.Success,
    };

    public List<string> Calls { get; } = [];

    /// <summary>Runs after each RunAsync (tests use it to press keys at the right moment).</summary>
    public Action<int>? AfterRun { get; set; }

    public int RunCount { get; private set; }

    /// <summary>Sets the result of a kata: <paramref name="passed"/> passing tests, then <paramref name="failed"/> failing ones.</summary>
    public FakeRunner With(string kata, int passed, int failed, KataSource source = KataSource.Katas, string? problem = null)
    {
        // Failures teach like the real ones: a FluentAssertions message, and (from the second on) a stub that still throws.
        var tests = Enumerable.Range(1, passed).Select(i => new TestCaseResult($"Katas.Tests.T.Passing_test_{i}", TestOutcome.Passed))
            .Concat(Enumerable.Range(1, failed).Select(i => i == 1
                ? new TestCaseResult($"Katas.Tests.T.Failing_test_{i}", TestOutcome.Failed, $"Expected the answer to be 42 because the course says so (failure {i}).")
                : new TestCaseResult($"Katas.Tests.T.Failing_test_{i}", TestOutcome.Failed, "System.NotImplementedException : The method or operation is not implemented.",
                    $"   at Katas.K.Answer() in /somewhere/katas/{kata}/Kata.cs:line 4")))
            .ToList();
        _runs[(source, kata)] = new KataRun(kata, tests, problem);
        return this;
    }

    /// <summary>Sets a kata's run as it is.</summary>
    public FakeRunner WithRun(KataRun run, KataSource source = KataSource.Katas)
    {
        _runs[(source, run.Kata)] = run;
        return this;
    }

    /// <summary>Adds workflow command lines, as GitHubActionsTestLogger prints them, to a kata's run.</summary>
    public FakeRunner WithWorkflowCommands(string kata, params string[] lines)
    {
        _runs[(KataSource.Katas, kata)] = _runs[(KataSource.Katas, kata)] with { WorkflowCommands = lines };
        return this;
    }

    public FakeRunner BuildFails(KataSource source, params BuildError[] errors)
    {
        Builds[source] = new BuildResult(false, errors, "");
        return this;
    }

    public Task<BuildResult> BuildAsync(KataSource source, CancellationToken cancellationToken)
    {
        Calls.Add($"build {source}");
        return Task.FromResult(Builds[source]);
    }

    /// <summary>
    /// Makes <paramref name="test"/> (a full name) of a kata hang, as the real runner reports one: the
    /// run stops after the tests before it, names it unfinished, and never gets to the tests after it.
    /// A run that excludes it goes through.
    /// </summary>
    public FakeRunner WithHang(string kata, string test, int after, KataSource source = KataSource.Katas)
    {
        _hangs[(source, kata)] = (test, after);
        return this;
    }

    private readonly Dictionary<(KataSource, string), (string Test, int After)> _hangs = [];

    public Task<KataRun> RunAsync(KataSource source, string kata, RunOptions options, CancellationToken cancellationToken)
    {
        string excluded = string.Concat(options.ExcludedTests.Select(m => $" -displayName- {m}"));
        Calls.Add($"run {source} {kata}{(options.GitHubAnnotations ? " github" : "")}{excluded}");
        RunCount++;
        KataRun run = _runs.TryGetValue((source, kata), out KataRun? r) ? r : new KataRun(kata, [], "no tests found for this kata");
        if (_hangs.TryGetValue((source, kata), out var hang))
        {
            run = options.ExcludedTests.Contains(hang.Test)
                ? run
                : new KataRun(kata, [.. run.Tests.Take(hang.After)], $"the test '{hang.Test}' was still running after 3 min, so the run was stopped") { Unfinished = [hang.Test] };
        }
        foreach (TestCaseResult test in run.Tests)
        {
            options.TestStarted?.Invoke(test.FullName);
            options.TestFinished?.Invoke(test);
        }
        AfterRun?.Invoke(RunCount);
        return Task.FromResult(run);
    }
}
