using System.Globalization;
using Kata.Infrastructure;

namespace Kata.Running;

/// <summary>
/// Runs the real thing: dotnet build, then dotnet test --no-build with a trait filter and a TRX
/// logger per kata. One test run per kata keeps katas apart: a crash or hang in one costs only
/// that kata's results.
/// </summary>
internal sealed class DotnetTestRunner(IProcessRunner processes, string root) : ITestRunner
{
    private const string TestProject = "tests/Katas.Tests";

    private static readonly Dictionary<string, string?> s_environment = new(StringComparer.Ordinal)
    {
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    /// <summary>How long a build may take before it is stopped.</summary>
    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one kata's test run may take before it is stopped (tests have their own, shorter timeouts).</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The folder for TRX files: .kata/results/&lt;source&gt;.</summary>
    public string ResultsDirectory(KataSource source) =>
        Path.Combine(root, ".kata", "results", SourceName(source));

    public static string SourceName(KataSource source) => source == KataSource.Solutions ? "solutions" : "katas";

    public async Task<BuildResult> BuildAsync(KataSource source, CancellationToken cancellationToken)
    {
        string[] args = ["build", TestProject, $"-p:KataSource={SourceName(source)}", "-nologo", "-v:q", "-tl:off", "-clp:NoSummary"];
        CommandResult result = await processes.RunAsync("dotnet", args, root, BuildTimeout, cancellationToken, s_environment).ConfigureAwait(false);
        if (result.TimedOut)
        {
            return new BuildResult(false, [new BuildError($"The build did not finish within {BuildTimeout.TotalMinutes:0} minutes.")], result.AllOutput);
        }
        if (result.ExitCode == 0)
        {
            return new BuildResult(true, [], result.AllOutput);
        }
        IReadOnlyList<BuildError> errors = BuildOutputParser.Parse(result.AllOutput, root);
        if (errors.Count == 0)
        {
            // No error line we recognize: show the tail of what the build printed rather than nothing.
            string tail = string.Join('\n', result.AllOutput.TrimEnd().Split('\n').TakeLast(15));
            errors = [new BuildError($"dotnet build failed (exit code {result.ExitCode}):\n{tail}")];
        }
        return new BuildResult(false, errors, result.AllOutput);
    }

    public async Task<KataRun> RunAsync(KataSource source, string kata, bool githubAnnotations, CancellationToken cancellationToken)
    {
        string directory = ResultsDirectory(source);
        Directory.CreateDirectory(directory);
        CacheFolder.EnsureIgnored(root);
        string trx = Path.Combine(directory, kata + ".trx");
        File.Delete(trx);

        var args = new List<string>
        {
            "test", TestProject, "--no-build", $"-p:KataSource={SourceName(source)}", "--nologo",
            "--filter", $"Kata={kata}",
            "--logger", $"trx;LogFileName={kata}.trx", "--results-directory", directory,
        };
        if (githubAnnotations)
        {
            args.AddRange(["--logger", "GitHubActions"]);
        }
        var environment = new Dictionary<string, string?>(s_environment, StringComparer.Ordinal)
        {
            // The grade writes the one job summary; the test logger would add one per kata.
            ["GITHUB_STEP_SUMMARY"] = null,
        };
        CommandResult result = await processes.RunAsync("dotnet", args, root, RunTimeout, cancellationToken, environment).ConfigureAwait(false);
        IReadOnlyList<TestCaseResult> tests = File.Exists(trx) ? TrxParser.Parse(await File.ReadAllTextAsync(trx, cancellationToken).ConfigureAwait(false)) : [];

        string? problem = null;
        if (result.TimedOut)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"the tests did not finish within {RunTimeout.TotalMinutes:0} minutes and were stopped (a join or get without a timeout waiting forever?)");
        }
        else if (result.AllOutput.Contains("Test Run Aborted", StringComparison.OrdinalIgnoreCase)
                 || result.AllOutput.Contains("test run was aborted", StringComparison.OrdinalIgnoreCase))
        {
            problem = "the test run was aborted: the test host crashed (a stack overflow, or Environment.Exit called in the test process?)";
        }
        else if (tests.Count == 0 && result.AllOutput.Contains("No test matches", StringComparison.Ordinal))
        {
            problem = $"no tests found for this kata (tests are selected by [Trait(\"Kata\", \"{kata}\")])";
        }
        else if (tests.Count == 0)
        {
            string tail = string.Join('\n', result.AllOutput.TrimEnd().Split('\n').TakeLast(10));
            problem = $"dotnet test gave no results (exit code {result.ExitCode}):\n{tail}";
        }
        // The annotations of failed tests are lines of the captured output: hand them on, or they are lost.
        List<string> commands = githubAnnotations
            ? result.StandardOutput.ReplaceLineEndings("\n").Split('\n').Where(l => l.StartsWith("::", StringComparison.Ordinal)).ToList()
            : [];
        return new KataRun(kata, tests, problem) { WorkflowCommands = commands };
    }
}
