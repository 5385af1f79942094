using System.Globalization;
using System.Text;
using Kata.Infrastructure;

namespace Kata.Running;

/// <summary>
/// Runs the real thing: <c>dotnet build</c> of tests/Katas.Tests (skipped when nothing it reads
/// has changed since the last successful build), then the test assembly itself, once per kata,
/// with a trait filter. An xUnit.net v3 test project is an executable that runs its own tests;
/// with <c>-reporter json</c> it reports each test as it finishes, so results stream, and it
/// writes the TRX file of the run (<c>-result-trx</c>) for CI artifacts. This is what
/// <c>dotnet test</c> runs too, without the VSTest layers in between.
/// </summary>
/// <remarks>
/// A run is bounded twice: one test may not run longer than <see cref="TestTimeout"/>, the whole
/// run not longer than <see cref="RunTimeout"/>. Past either, the test host and every process it
/// started are killed, and the run keeps the tests that had finished and names those that had not.
/// One run per kata keeps katas apart: a crash or a hang costs only that kata's results.
/// </remarks>
internal sealed class TestHostRunner(IProcessRunner processes, string root) : ITestRunner
{
    private const string TestProject = "tests/Katas.Tests";

    private static readonly Dictionary<string, string?> s_environment = new(StringComparer.Ordinal)
    {
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    /// <summary>How long a build may take before it is stopped.</summary>
    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one kata's test run may take before it is stopped.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one test may run before the run is stopped (kata tests bound their own waits well below this).</summary>
    public TimeSpan TestTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Build even when nothing changed since the last successful build.</summary>
    public bool AlwaysBuild { get; init; }

    /// <summary>
    /// Build through servers that stay warm between builds: MSBuild's build server (with node
    /// reuse) and the C# compiler server (VBCSCompiler). On 2 cores the build after a one-line
    /// edit takes about 1.5-2 s with both, 3-4 s with the compiler server alone and 6 s with
    /// neither, since starting MSBuild and the compiler costs more than compiling a kata. The
    /// servers are asked for even where the environment turns them off
    /// (<c>UseSharedCompilation=false</c>, <c>MSBUILDDISABLENODEREUSE=1</c>), because
    /// <c>check</c> and <c>watch</c> are an edit loop; they end on their own when idle. Off in
    /// CI, which builds once and should leave nothing running.
    /// </summary>
    public bool BuildServers { get; init; }

    private static readonly Dictionary<string, string?> s_buildServers = new(s_environment, StringComparer.Ordinal)
    {
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = null,
    };

    /// <summary>The folder for TRX files: .kata/results/&lt;source&gt;.</summary>
    public string ResultsDirectory(KataSource source) =>
        Path.Combine(root, ".kata", "results", SourceName(source));

    public static string SourceName(KataSource source) => source == KataSource.Solutions ? "solutions" : "katas";

    /// <summary>The built test assembly for <paramref name="source"/>, or null before the first build.</summary>
    public string? TestAssembly(KataSource source)
    {
        string bin = Path.Combine(root, TestProject, "bin", SourceName(source), "Debug");
        return Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, "Katas.Tests.dll", SearchOption.AllDirectories).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
    }

    public async Task<BuildResult> BuildAsync(KataSource source, CancellationToken cancellationToken)
    {
        string fingerprint = BuildInputs.Compute(root, source, TestAssembly(source));
        if (!AlwaysBuild && TestAssembly(source) is not null && BuildInputs.Unchanged(root, source, fingerprint))
        {
            return BuildResult.Success with { UpToDate = true };
        }
        string restore = BuildInputs.ComputeRestore(root, source);
        List<string> args = ["build", TestProject, $"-p:KataSource={SourceName(source)}", "-nologo", "-v:q", "-tl:off", "-clp:NoSummary"];
        if (BuildServers)
        {
            args.Add("-p:UseSharedCompilation=true");
        }
        IReadOnlyDictionary<string, string?> environment = BuildServers ? s_buildServers : s_environment;
        if (BuildInputs.RestoreUnchanged(root, source, restore)
            && File.Exists(Path.Combine(root, TestProject, "obj", SourceName(source), "project.assets.json")))
        {
            args.Add("--no-restore"); // no project file changed since the last successful build
        }
        CommandResult result = await processes.RunAsync("dotnet", args, root, BuildTimeout, cancellationToken, environment).ConfigureAwait(false);
        if (result.ExitCode != 0 && !result.TimedOut && args.Remove("--no-restore"))
        {
            // Something restore keeps (an obj folder) went missing since: once more, with restore.
            result = await processes.RunAsync("dotnet", args, root, BuildTimeout, cancellationToken, environment).ConfigureAwait(false);
        }
        if (result.TimedOut)
        {
            BuildInputs.Forget(root, source);
            return new BuildResult(false, [new BuildError($"The build did not finish within {BuildTimeout.TotalMinutes:0} minutes.")], result.AllOutput);
        }
        if (result.ExitCode == 0)
        {
            // The fingerprint is taken again: the build wrote the output it covers.
            BuildInputs.Remember(root, source, BuildInputs.Compute(root, source, TestAssembly(source)), restore);
            return new BuildResult(true, [], result.AllOutput);
        }
        BuildInputs.Forget(root, source);
        IReadOnlyList<BuildError> errors = BuildOutputParser.Parse(result.AllOutput, root);
        if (errors.Count == 0)
        {
            // No error line we recognize: show the tail of what the build printed rather than nothing.
            string tail = string.Join('\n', result.AllOutput.TrimEnd().Split('\n').TakeLast(15));
            errors = [new BuildError($"dotnet build failed (exit code {result.ExitCode}):\n{tail}")];
        }
        return new BuildResult(false, errors, result.AllOutput);
    }

    public async Task<KataRun> RunAsync(KataSource source, string kata, RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (TestAssembly(source) is not { } assembly)
        {
            return new KataRun(kata, [], $"the tests are not built yet (no {TestProject}/bin/{SourceName(source)}): build them first");
        }
        string directory = ResultsDirectory(source);
        Directory.CreateDirectory(directory);
        CacheFolder.EnsureIgnored(root);
        string trx = Path.Combine(directory, kata + ".trx");
        File.Delete(trx);

        List<string> args = [assembly, "-trait", $"Kata={kata}", "-reporter", "json", "-noAutoReporters", "-noColor", "-result-trx", trx];
        foreach (string test in options.ExcludedTests)
        {
            // Exact display names, so that one hung case of a theory leaves its other cases to run.
            args.AddRange(["-displayName-", test]);
        }
        TimeSpan testTimeout = options.TestTimeout ?? TestTimeout;
        var report = new XunitJsonReport();
        using var stop = new CancellationTokenSource();
        string? stopReason = null;
        void OnLine(string line)
        {
            (string? started, TestCaseResult? finished) = report.Feed(line);
            if (started is not null)
            {
                options.TestStarted?.Invoke(started);
            }
            if (finished is not null)
            {
                options.TestFinished?.Invoke(finished);
            }
        }
        var started = DateTime.UtcNow;
        using var watching = new CancellationTokenSource();
        Task watch = WatchAsync();
        CommandResult result;
        try
        {
            result = await processes.RunAsync("dotnet", args, root, new CommandOptions
            {
                Timeout = RunTimeout,
                Environment = s_environment,
                OnOutputLine = line =>
                {
                    lock (report)
                    {
                        OnLine(line);
                    }
                },
                Stop = stop.Token,
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await watching.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
        }

        // Watches the tests that run: one that overruns stops the whole run.
        async Task WatchAsync()
        {
            while (!watching.IsCancellationRequested)
            {
                lock (report)
                {
                    if (report.Running.FirstOrDefault(t => DateTime.UtcNow - t.Started > testTimeout) is { Name: { } slow })
                    {
                        stopReason = $"the test '{Short(slow)}' was still running after {Minutes(testTimeout)}, so the run was stopped";
                        stop.Cancel();
                        return;
                    }
                }
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), watching.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        lock (report)
        {
            IReadOnlyList<TestCaseResult> tests = [.. report.Finished];
            IReadOnlyList<string> unfinished = [.. report.Running.Select(r => r.Name)];
            string? problem = Problem(kata, result, report, stopReason ?? (result.TimedOut ? $"the run was still going after {Minutes(RunTimeout)}, so it was stopped" : null), DateTime.UtcNow - started);
            return new KataRun(kata, tests, problem)
            {
                Unfinished = unfinished,
                WorkflowCommands = options.GitHubAnnotations ? Annotations(kata, tests, unfinished, problem) : [],
            };
        }
    }

    private static string? Problem(string kata, CommandResult result, XunitJsonReport report, string? stopped, TimeSpan elapsed)
    {
        var unfinished = report.Running.Select(r => $"'{Short(r.Name)}'").ToList();
        if (stopped is not null)
        {
            string which = unfinished.Count == 0 ? "" : $" Not finished: {string.Join(", ", unfinished)}.";
            return $"{stopped} ({report.Finished.Count} tests had finished in {Minutes(elapsed)}; a Get, Join or Acquire waiting for ever?).{which}";
        }
        if (!report.Completed)
        {
            string during = unfinished.Count == 0 ? "" : $" during {string.Join(", ", unfinished)}";
            string tail = string.Join('\n', (report.StrayOutput + result.StandardError).TrimEnd().Split('\n').TakeLast(10));
            return $"the test host ended before the tests were done{during} (exit code {result.ExitCode}: a stack overflow, or Environment.Exit in the test process?)" +
                   (tail.Length > 0 ? $":\n{tail}" : "");
        }
        if (report.Finished.Count == 0)
        {
            return $"no tests found for this kata (tests are selected by [Trait(\"Kata\", \"{kata}\")])";
        }
        return report.Errors.Count > 0 ? $"errors outside the tests: {string.Join("; ", report.Errors)}" : null;
    }

    /// <summary>GitHub Actions annotations: one ::error per failed test, on the line of the code under test when the stack trace has one.</summary>
    private List<string> Annotations(string kata, IReadOnlyList<TestCaseResult> tests, IReadOnlyList<string> unfinished, string? problem)
    {
        var lines = new List<string>();
        foreach (TestCaseResult t in tests.Where(t => t.Outcome == TestOutcome.Failed))
        {
            SourcePlace? place = FailureLocation.InCode(t, root) ?? FailureLocation.InTest(t, root);
            string where = place is null ? "" : string.Create(CultureInfo.InvariantCulture, $" file={place.File},line={place.Line},");
            string message = t.Messages.Count > 0 ? string.Join("\n\n", t.Messages) : t.Message ?? "failed";
            lines.Add($"::error{(where.Length == 0 ? " " : where)}title={Property($"{kata}: {t.DisplayName}")}::{Data(message)}");
        }
        foreach (string name in unfinished)
        {
            lines.Add($"::error title={Property($"{kata}: {Short(name).Replace('_', ' ')}")}::{Data(problem ?? "did not finish")}");
        }
        return lines;
    }

    private static string Short(string name) => new TestCaseResult(name, TestOutcome.Failed).ShortName;

    private static string Minutes(TimeSpan t) => t.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalMinutes:0.#} min")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0} s");

    // Workflow command data must not contain raw %, CR or LF; properties not , or : either.
    private static string Data(string text) => new StringBuilder(text).Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A").ToString();

    private static string Property(string text) => Data(text).Replace(",", "%2C", StringComparison.Ordinal).Replace(":", "%3A", StringComparison.Ordinal);
}
