using System.Globalization;
using Kata.Repo;
using Kata.Running;

namespace Kata.Grading;

/// <summary>
/// Builds once, runs every kata's tests once, and scores each test (a point, or its weight from
/// grading.json). A test that runs past its bound is stopped and scored 0; the kata's run then goes
/// on without it, so one hung test costs only its own points.
/// </summary>
internal sealed class Grader(ITestRunner runner)
{
    /// <summary>How many hung tests one kata may have before the rest of its tests are given up.</summary>
    public const int MaxHungTestsPerKata = 5;

    /// <summary>Called after each kata's run (progress output).</summary>
    public Action<KataGrade>? KataGraded { get; init; }

    public async Task<GradeReport> GradeAsync(Workspace workspace, KataSource source, bool githubAnnotations, CancellationToken cancellationToken) =>
        await GradeAsync(workspace, source, GradingSettings.Default, githubAnnotations, cancellationToken).ConfigureAwait(false);

    public async Task<GradeReport> GradeAsync(Workspace workspace, KataSource source, GradingSettings settings, bool githubAnnotations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(settings);
        IReadOnlyDictionary<string, int> expected = workspace.Catalog.CountTestsInSources();
        IReadOnlyDictionary<string, IReadOnlyList<(string Method, int Cases)>> declared = workspace.Catalog.TestMethodsInSources();
        var started = DateTime.UtcNow;
        BuildResult build = await runner.BuildAsync(source, cancellationToken).ConfigureAwait(false);
        var grades = new List<KataGrade>();
        foreach (KataInfo kata in workspace.Catalog.Katas)
        {
            KataRun run = build.Succeeded
                ? await RunKataAsync(source, kata.Name, settings, githubAnnotations, cancellationToken).ConfigureAwait(false)
                : new KataRun(kata.Name, [], "the build failed");
            IReadOnlyList<GradedTest> tests = Score(kata.Name, run, declared.GetValueOrDefault(kata.Name) ?? [], settings, workspace.Root);
            var grade = new KataGrade(kata.Name, run, expected.GetValueOrDefault(kata.Name)) { Tests = tests };
            grades.Add(grade);
            KataGraded?.Invoke(grade);
        }
        IReadOnlyList<string>? edited = TestChecksum.FindEdits(workspace.Root);
        return new GradeReport(workspace.Root, TestHostRunner.SourceName(source), grades, build, edited)
        {
            Settings = settings,
            Elapsed = DateTime.UtcNow - started,
        };
    }

    /// <summary>
    /// Runs a kata's tests; when a test overran its bound (the runner stopped the run), runs the
    /// kata again without it, until every other test has reported. The hung tests are failed results.
    /// </summary>
    private async Task<KataRun> RunKataAsync(KataSource source, string kata, GradingSettings settings, bool githubAnnotations, CancellationToken cancellationToken)
    {
        var hung = new List<string>();
        var commands = new List<string>();
        while (true)
        {
            var options = new RunOptions
            {
                GitHubAnnotations = githubAnnotations,
                TestTimeout = settings.TestTimeout,
                ExcludedTests = [.. hung],
            };
            KataRun run = await runner.RunAsync(source, kata, options, cancellationToken).ConfigureAwait(false);
            commands.AddRange(run.WorkflowCommands);
            IReadOnlyList<string> unfinished = run.Unfinished;
            if (unfinished.Count == 0 || hung.Count + unfinished.Count > MaxHungTestsPerKata)
            {
                hung.AddRange(unfinished);
                string limit = settings.TestTimeout is { } t ? $"after {Describe(t)}" : "past its time limit";
                string why = $"This test was still running {limit}, so it was stopped and scores 0: a Get, Join or Acquire waiting for ever? Run 'kata check {kata}' to see where.";
                IReadOnlyList<TestCaseResult> stopped = [.. hung.Select(name => new TestCaseResult(name, TestOutcome.Failed, why) { Messages = [why] })];
                // The rerun's problem is the run's own; hung tests are failures, not a problem with the run.
                string? problem = unfinished.Count == 0 ? run.Problem : run.Problem + " (too many tests did not finish: the others were not run)";
                return new KataRun(kata, [.. run.Tests.Where(t => !hung.Contains(t.FullName)), .. stopped], problem)
                {
                    WorkflowCommands = [.. commands.Distinct(StringComparer.Ordinal)],
                };
            }
            hung.AddRange(unfinished);
        }
    }

    /// <summary>Scores a kata's run test by test; tests the sources declare that did not report are "did not run".</summary>
    internal static IReadOnlyList<GradedTest> Score(string kata, KataRun run, IReadOnlyList<(string Method, int Cases)> declared, GradingSettings settings, string root)
    {
        var tests = new List<GradedTest>();
        foreach (TestCaseResult t in run.Tests)
        {
            string method = t.ShortName.Split('(')[0];
            GradedOutcome outcome = t.Outcome == TestOutcome.Passed ? GradedOutcome.Passed : GradedOutcome.Failed;
            string? message = outcome == GradedOutcome.Passed ? null
                : t.Outcome == TestOutcome.Skipped ? $"The test was skipped{(t.Message is null ? "" : $": {t.Message}")}."
                : Ui.Explain.Failure(t, root);
            tests.Add(new GradedTest(kata, method, t.DisplayName, ClassOf(t.FullName), outcome, settings.PointsFor(kata, method), message, t.Duration));
        }
        // Tests the sources declare beyond those that reported never ran (a build failure, a run cut
        // short): named by method where the names tell which, else by number.
        int missing = declared.Sum(d => d.Cases) - run.Tests.Count;
        string why = run.Problem is { } problem ? $"This test did not run: {problem.Split('\n')[0]}." : "This test did not run.";
        foreach ((string method, int cases) in declared)
        {
            int reported = run.Tests.Count(t => t.ShortName.Split('(')[0] == method);
            for (int i = reported; i < cases && missing > 0; i++, missing--)
            {
                string name = method.Replace('_', ' ') + (cases > 1 ? string.Create(CultureInfo.InvariantCulture, $" (case {i + 1})") : "");
                tests.Add(new GradedTest(kata, method, name, null, GradedOutcome.NotRun, settings.PointsFor(kata, method), why, null));
            }
        }
        for (int i = 0; i < missing; i++)
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"test {run.Tests.Count + i + 1}");
            tests.Add(new GradedTest(kata, name, name, null, GradedOutcome.NotRun, 1, why, null));
        }
        return tests;
    }

    /// <summary>"Ns.Class.Method(x: 1)" → "Ns.Class.Method", the form -method filters take.</summary>
    private static string MethodOf(string fullName)
    {
        int paren = fullName.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? fullName : fullName[..paren];
    }

    private static string? ClassOf(string fullName)
    {
        string method = MethodOf(fullName);
        int dot = method.LastIndexOf('.');
        return dot < 0 ? null : method[..dot];
    }

    private static string Describe(TimeSpan t) => t.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalMinutes:0.#} min")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0} s");
}
