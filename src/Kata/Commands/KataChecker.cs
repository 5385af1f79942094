using Kata.Infrastructure;
using Kata.Repo;
using Kata.Running;
using Kata.Ui;
using Spectre.Console;

namespace Kata.Commands;

/// <summary>Builds the learner's code, runs one kata's tests, records and shows the result (check and watch).</summary>
internal sealed class KataChecker(ToolContext context)
{
    /// <summary>Returns the run, or null when the build failed.</summary>
    public async Task<KataRun?> CheckAsync(Workspace workspace, KataInfo kata, CancellationToken cancellationToken)
    {
        IAnsiConsole console = context.Console;
        ITestRunner runner = context.CreateRunner(workspace.Root);
        console.MarkupLine($"Checking [bold]{kata.Name}[/] against your code in {kata.RelativeKataDirectory}/ ...");

        string fingerprint = KataCatalog.Fingerprint(kata);
        BuildResult build = await console.Status().StartAsync("Building...", _ => runner.BuildAsync(KataSource.Katas, cancellationToken)).ConfigureAwait(false);
        if (!build.Succeeded)
        {
            workspace.Cache.Record(new KataRun(kata.Name, [], "the build failed"), fingerprint, buildFailed: true, context.Time.GetUtcNow());
            Render.BuildErrors(console, build);
            return null;
        }

        KataRun run = await console.Status().StartAsync("Running the tests (each starts real processes)...",
            _ => runner.RunAsync(KataSource.Katas, kata.Name, githubAnnotations: false, cancellationToken)).ConfigureAwait(false);
        workspace.Cache.Record(run, fingerprint, buildFailed: false, context.Time.GetUtcNow());
        Render.Tests(console, run, workspace.Root);
        console.WriteLine();
        if (run.AllPassed)
        {
            console.MarkupLine($"[green bold]Done![/] {kata.Name}: all {run.Total} tests pass.");
            KataInfo? next = workspace.Next(kata);
            console.MarkupLine(next is null
                ? "That was the last kata. See your points with: " + Markup.Escape($"{context.ToolCommand} grade")
                : $"Next kata: [bold]{next.Name}[/]. Read {next.RelativeKataDirectory}/README.md, then run: {Markup.Escape($"{context.ToolCommand} check")}");
        }
        else
        {
            console.MarkupLine($"[yellow]Not done yet:[/] {run.Passed} of {run.Total} tests pass in {kata.Name}.");
            console.MarkupLine($"Stuck? {Markup.Escape($"{context.ToolCommand} hint {kata.Name}")} shows a hint.");
        }
        return run;
    }
}
