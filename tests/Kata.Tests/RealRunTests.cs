using Kata.Infrastructure;
using Kata.Repo;
using Kata.Running;
using Spectre.Console.Testing;

namespace Kata.Tests;

/// <summary>
/// The few tests that run the real dotnet build and dotnet test on this repository's katas (slow:
/// about 15 s each). Category=Real, so they can be left out with --filter Category!=Real.
/// </summary>
[Trait("Category", "Real")]
public sealed class RealRunTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(8);

    private static async Task<(int Exit, string Output)> RunToolAsync(params string[] args)
    {
        string root = new RepositoryLocator(AppContext.BaseDirectory).FindRoot();
        var console = new TestConsole().Width(250);
        var processes = new ProcessRunner();
        var context = new ToolContext
        {
            Console = console,
            Locator = new RepositoryLocator(root),
            CreateRunner = r => new TestHostRunner(processes, r) { BuildTimeout = s_timeout, RunTimeout = s_timeout },
            Git = new Git(processes),
            RawOut = TextWriter.Null,
            GetEnvironmentVariable = _ => null,
        };
        using var cancel = new CancellationTokenSource(s_timeout);
        int exit = await KataApp.RunAsync(context, args, cancel.Token);
        return (exit, console.Output);
    }

    [Fact]
    public async Task The_reference_solutions_get_full_points_from_real_test_runs()
    {
        var (exit, output) = await RunToolAsync("grade", "--source", "solutions");

        exit.Should().Be(0, $"every reference solution passes all its tests; the tool printed:\n{output}");
        output.Should().Contain("every kata passes");
    }

    [Fact]
    public async Task The_stubs_get_zero_points_from_real_test_runs()
    {
        string root = new RepositoryLocator(AppContext.BaseDirectory).FindRoot();
        var catalog = KataCatalog.Load(root);
        int declared = catalog.CountTestsInSources().Values.Sum();

        var (exit, output) = await RunToolAsync("grade", "--source", "katas");

        exit.Should().Be(1, $"a fresh clone passes nothing; the tool printed:\n{output}");
        output.Should().Contain($"0/{declared} points", "every test of every kata fails on the stubs");
    }

    [Fact]
    public async Task A_real_run_streams_each_test_and_writes_the_same_tests_to_its_trx_file()
    {
        string root = new RepositoryLocator(AppContext.BaseDirectory).FindRoot();
        var runner = new TestHostRunner(new ProcessRunner(), root) { BuildTimeout = s_timeout, RunTimeout = s_timeout };
        using var cancel = new CancellationTokenSource(s_timeout);
        string kata = KataCatalog.Load(root).Katas[0].Name;

        BuildResult build = await runner.BuildAsync(KataSource.Solutions, cancel.Token);
        KataRun run = await runner.RunAsync(KataSource.Solutions, kata, RunOptions.None, cancel.Token);
        KataRun none = await runner.RunAsync(KataSource.Solutions, "99-no-such-kata", RunOptions.None, cancel.Token);

        build.Succeeded.Should().BeTrue(build.Output);
        run.Problem.Should().BeNull();
        run.Tests.Should().NotBeEmpty().And.OnlyContain(t => t.Outcome == TestOutcome.Passed && t.FullName.StartsWith("Katas.Tests.", StringComparison.Ordinal));
        string trx = Path.Combine(runner.ResultsDirectory(KataSource.Solutions), kata + ".trx");
        TrxParser.Parse(File.ReadAllText(trx)).Select(t => t.FullName).Should().BeEquivalentTo(run.Tests.Select(t => t.FullName),
            "the TRX file CI uploads lists the same tests as the streamed results");
        none.Tests.Should().BeEmpty();
        none.Problem.Should().Contain("no tests found", "a filter that matches nothing is a problem, never a pass");
    }
}
