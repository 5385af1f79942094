using System.Globalization;
using Kata.Infrastructure;
using Kata.Repo;
using Kata.Running;
using Kata.Ui;
using Spectre.Console;

namespace Kata.Commands;

/// <summary>How check and watch show a run.</summary>
internal sealed record CheckOptions
{
    /// <summary>Failures with the framework's whole text and stack traces.</summary>
    public bool Verbose { get; init; }

    /// <summary>What every test's processes printed, passing tests too.</summary>
    public bool Output { get; init; }

    /// <summary>Run the tests even when nothing changed since a passing check.</summary>
    public bool Rerun { get; init; }
}

/// <summary>Builds the learner's code, runs one kata's tests, records and shows the result (check and watch).</summary>
internal sealed class KataChecker(ToolContext context, CheckOptions options)
{
    /// <summary>A test running this long gets a line saying so (once), so a slow run is never silent.</summary>
    private static readonly TimeSpan s_slowTest = TimeSpan.FromSeconds(10);

    private readonly Lock _console = new();

    /// <summary>Returns the run, or null when the build failed.</summary>
    public async Task<KataRun?> CheckAsync(Workspace workspace, KataInfo kata, CancellationToken cancellationToken)
    {
        IAnsiConsole console = context.Console;
        ITestRunner runner = context.CreateRunner(workspace.Root);
        console.MarkupLine($"Checking [bold]{kata.Name}[/] against your code in {kata.RelativeKataDirectory}/");

        string fingerprint = KataCatalog.Fingerprint(kata);
        string inputs = BuildInputs.Compute(workspace.Root, KataSource.Katas, null);
        if (!options.Rerun && workspace.Cache.Load().Runs.GetValueOrDefault(kata.Name) is { AllPassed: true } last && last.Inputs == inputs && last.Tests.Count > 0)
        {
            return ShowUnchanged(workspace, kata, last);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        BuildResult build = console.Profile.Capabilities.Interactive
            ? await console.Status().StartAsync("Building your code...", _ => runner.BuildAsync(KataSource.Katas, cancellationToken)).ConfigureAwait(false)
            : await runner.BuildAsync(KataSource.Katas, cancellationToken).ConfigureAwait(false);
        if (!build.Succeeded)
        {
            workspace.Cache.Record(new KataRun(kata.Name, [], "the build failed"), fingerprint, buildFailed: true, context.Time.GetUtcNow());
            Render.BuildErrors(console, build);
            return null;
        }
        console.MarkupLine(build.UpToDate
            ? "[grey]Build: up to date.[/]"
            : $"[grey]Built in {Seconds(clock.Elapsed)}.[/]");

        int declared = workspace.Catalog.CountTestsInSources().GetValueOrDefault(kata.Name);
        console.MarkupLine(declared > 0
            ? $"Running the {declared} tests of {kata.Name} (they start real processes):"
            : $"Running the tests of {kata.Name} (they start real processes):");
        KataRun run = await RunAsync(runner, kata, cancellationToken).ConfigureAwait(false);
        workspace.Cache.Record(run, fingerprint, buildFailed: false, context.Time.GetUtcNow(), inputs);
        Render.Failures(console, run, workspace.Root, options.Verbose);
        console.WriteLine();
        Summary(workspace, kata, run);
        return run;
    }

    /// <summary>Runs the tests, showing each as it finishes, and a line for any test that takes long.</summary>
    private async Task<KataRun> RunAsync(ITestRunner runner, KataInfo kata, CancellationToken cancellationToken)
    {
        var running = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        using var done = new CancellationTokenSource();
        Task slow = Task.Run(async () =>
        {
            var told = new HashSet<string>(StringComparer.Ordinal);
            while (!done.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), done.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                lock (_console)
                {
                    foreach (var (name, since) in running.Where(r => DateTime.UtcNow - r.Value >= s_slowTest && told.Add(r.Key)).ToList())
                    {
                        context.Console.Line($"{Pretty(name)} is still running ({Seconds(DateTime.UtcNow - since)} so far)", "grey", "  [grey]…[/] ", 4);
                    }
                }
            }
        }, CancellationToken.None);
        try
        {
            return await runner.RunAsync(KataSource.Katas, kata.Name, new RunOptions
            {
                TestStarted = name =>
                {
                    lock (_console)
                    {
                        running[name] = DateTime.UtcNow;
                    }
                },
                TestFinished = test =>
                {
                    lock (_console)
                    {
                        running.Remove(test.FullName);
                        Render.TestLine(context.Console, test);
                        if (options.Output && test.Outcome != TestOutcome.Failed)
                        {
                            Render.Output(context.Console, test.Output);
                        }
                    }
                },
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await done.CancelAsync().ConfigureAwait(false);
            await slow.ConfigureAwait(false);
        }
    }

    /// <summary>A passing kata whose code, tests and harness are as they were: its last results, without running again.</summary>
    private KataRun ShowUnchanged(Workspace workspace, KataInfo kata, CachedRun last)
    {
        IAnsiConsole console = context.Console;
        string at = last.At.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        console.MarkupLine($"[grey]Nothing changed since your last check ({at}), when every test passed; its results (add --rerun to run the tests again):[/]");
        var tests = last.Tests.Select(t => new TestCaseResult(t.Name, t.Outcome) { Duration = t.Seconds is { } s ? TimeSpan.FromSeconds(s) : null }).ToList();
        foreach (TestCaseResult t in tests)
        {
            Render.TestLine(console, t);
        }
        var run = new KataRun(kata.Name, tests);
        console.WriteLine();
        Summary(workspace, kata, run);
        return run;
    }

    private void Summary(Workspace workspace, KataInfo kata, KataRun run)
    {
        IAnsiConsole console = context.Console;
        if (run.AllPassed)
        {
            console.Line(new Run("Done!", "green bold"), new Run($" {kata.Name}: all {run.Total} tests pass."));
            KataInfo? next = workspace.CurrentKata();
            console.Line(next is null || workspace.AllDone()
                ? $"Every kata is done. See your points with `{context.ToolCommand} grade`."
                : $"Next: {next.Name}, the first kata not done yet. Read `{next.RelativeKataDirectory}/README.md`, then run `{context.ToolCommand} check`.");
            return;
        }
        console.Line(new Run("Not done yet:", "yellow"), new Run(run.Total == 0
            ? $" no test of {kata.Name} finished."
            : $" {run.Passed} of {run.Total} tests pass in {kata.Name}."));
        console.Line($"Stuck? `{context.ToolCommand} hint {kata.Name}` shows a hint.");
    }

    private static string Pretty(string fullName) => new TestCaseResult(fullName, TestOutcome.Passed).DisplayName;

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";
}
