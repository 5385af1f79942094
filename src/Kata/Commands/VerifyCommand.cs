using Kata.Infrastructure;
using Kata.Repo;
using Kata.Running;
using Kata.Ui;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kata.Commands;

/// <summary>
/// verify (maintainers, .ci/run): every reference solution passes all its tests, every stub fails
/// at least one, and the committed test checksum is current. One PASS/FAIL line per check; the
/// last line is "N passed, N failed"; exit code 1 when any check failed.
/// </summary>
internal sealed class VerifyCommand(ToolContext context) : AsyncCommand
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, CancellationToken cancellationToken)
    {
        IAnsiConsole console = context.Console;
        Workspace workspace = context.OpenWorkspace();
        ITestRunner runner = context.CreateRunner(workspace.Root);
        IReadOnlyDictionary<string, int> expected = workspace.Catalog.CountTestsInSources();
        int passed = 0, failed = 0;
        void Report(bool ok, string check, string detail)
        {
            if (ok) { passed++; } else { failed++; }
            console.MarkupLine($"{(ok ? "[green]PASS[/]" : "[red]FAIL[/]")} {Markup.Escape(check)}: {Markup.Escape(detail)}");
        }

        if (workspace.Catalog.Katas.Count == 0)
        {
            Report(false, "katas", "no kata folders (katas/NN-topic) found");
        }

        BuildResult solutions = await runner.BuildAsync(KataSource.Solutions, cancellationToken).ConfigureAwait(false);
        if (!solutions.Succeeded)
        {
            Render.BuildErrors(console, solutions);
        }
        foreach (KataInfo kata in workspace.Catalog.Katas)
        {
            if (!solutions.Succeeded)
            {
                Report(false, $"{kata.Name} solution", "the solutions do not build");
                continue;
            }
            KataRun run = await runner.RunAsync(KataSource.Solutions, kata.Name, RunOptions.None, cancellationToken).ConfigureAwait(false);
            int want = expected.GetValueOrDefault(kata.Name);
            bool ok = run.AllPassed && run.Total >= want;
            string detail = run.Problem ?? (run.Total < want
                ? $"{run.Total} tests ran but the test sources declare {want}"
                : $"{run.Passed}/{run.Total} tests pass");
            Report(ok, $"{kata.Name} solution", detail);
            if (!ok)
            {
                Render.Tests(console, run with { Tests = run.Tests.Where(t => t.Outcome != TestOutcome.Passed).ToList() }, workspace.Root);
            }
        }

        BuildResult stubs = await runner.BuildAsync(KataSource.Katas, cancellationToken).ConfigureAwait(false);
        if (!stubs.Succeeded)
        {
            Render.BuildErrors(console, stubs);
        }
        foreach (KataInfo kata in workspace.Catalog.Katas)
        {
            if (!stubs.Succeeded)
            {
                Report(false, $"{kata.Name} stub", "the stubs do not build (a learner could not start)");
                continue;
            }
            KataRun run = await runner.RunAsync(KataSource.Katas, kata.Name, RunOptions.None, cancellationToken).ConfigureAwait(false);
            bool ok = run.Total > 0 && run.Failed > 0;
            string detail = run.Total == 0
                ? run.Problem ?? "no tests ran"
                : ok
                    ? $"{run.Failed}/{run.Total} tests fail on the stub" + (run.Passed > 0 ? $" ({run.Passed} already pass on it)" : "")
                    : $"all {run.Total} tests pass on the stub: a learner would be done without writing anything";
            Report(ok, $"{kata.Name} stub", detail);
        }

        IReadOnlyList<string>? edits = TestChecksum.FindEdits(workspace.Root);
        if (edits is null)
        {
            console.MarkupLine($"[yellow]NOTE[/] no {TestChecksum.FileName}: grading cannot detect edited tests. Create it with: {Markup.Escape($"{context.FullToolCommand} checksum --write")}");
        }
        else
        {
            Report(edits.Count == 0, "tests checksum", edits.Count == 0
                ? $"{TestChecksum.FileName} matches tests/Katas.Tests"
                : $"{TestChecksum.FileName} is out of date ({string.Join(", ", edits)}); after changing tests run: {context.FullToolCommand} checksum --write");
        }

        console.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }
}
