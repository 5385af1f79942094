using System.ComponentModel;
using Kata.Grading;
using Kata.Infrastructure;
using Kata.Repo;
using Kata.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kata.Commands;

/// <summary>grade: points per kata, a point per passing test; exit code 0 only when every kata passes.</summary>
internal sealed class GradeCommand(ToolContext context) : AsyncCommand<GradeCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--source <SOURCE>")]
        [Description("What to grade: katas (your code, the default) or solutions (the reference solutions).")]
        public string Source { get; init; } = "katas";

        [CommandOption("--github")]
        [Description("In GitHub Actions: the table into $GITHUB_STEP_SUMMARY, failed tests as annotations, a JSON result file, and the Classroom result in $GITHUB_OUTPUT.")]
        public bool GitHub { get; init; }

        [CommandOption("--json <PATH>")]
        [Description("Where to write the JSON result file (default with --github: artifacts/grade.json).")]
        public string? Json { get; init; }

        [CommandOption("--markdown <PATH>")]
        [Description("Also write the Markdown table to this file.")]
        public string? Markdown { get; init; }

        public override ValidationResult Validate() =>
            Source is "katas" or "solutions"
                ? ValidationResult.Success()
                : ValidationResult.Error($"--source must be 'katas' or 'solutions', not '{Source}'.");
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        IAnsiConsole console = context.Console;
        Workspace workspace = context.OpenWorkspace();
        KataSource source = settings.Source == "solutions" ? KataSource.Solutions : KataSource.Katas;
        console.MarkupLine($"Grading {(source == KataSource.Solutions ? "the reference solutions" : "your code")}: building, then running each kata's tests...");
        var grader = new Grader(context.CreateRunner(workspace.Root))
        {
            KataGraded = g => console.MarkupLine($"  {g.Kata}: {g.Run.Passed}/{g.MaxPoints}"),
        };
        GradeReport report = await grader.GradeAsync(workspace, source, settings.GitHub, cancellationToken).ConfigureAwait(false);

        if (source == KataSource.Katas)
        {
            foreach (KataGrade g in report.Katas)
            {
                workspace.Cache.Record(g.Run, KataCatalog.Fingerprint(workspace.Catalog.Resolve(g.Kata)), !report.Build.Succeeded, context.Time.GetUtcNow());
            }
        }

        WriteTable(console, report);
        string markdown = report.ToMarkdown();
        if (settings.Markdown is not null)
        {
            await File.WriteAllTextAsync(settings.Markdown, markdown, cancellationToken).ConfigureAwait(false);
        }
        string? jsonPath = settings.Json ?? (settings.GitHub ? Path.Combine(workspace.Root, "artifacts", "grade.json") : null);
        if (jsonPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!);
            await File.WriteAllTextAsync(jsonPath, report.ToJson(), cancellationToken).ConfigureAwait(false);
            console.MarkupLine($"Result file: {Markup.Escape(jsonPath)}");
        }
        if (settings.GitHub)
        {
            await WriteGitHubAsync(report, markdown, cancellationToken).ConfigureAwait(false);
        }
        return report.AllPassed ? 0 : 1;
    }

    private static void WriteTable(IAnsiConsole console, GradeReport report)
    {
        if (!report.Build.Succeeded)
        {
            Ui.Render.BuildErrors(console, report.Build);
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Kata").AddColumn(new TableColumn("Passed").RightAligned())
            .AddColumn(new TableColumn("Points").RightAligned()).AddColumn("");
        foreach (KataGrade k in report.Katas)
        {
            string mark = k.Passed ? "[green]✔[/]" : k.Run.Problem is null ? "[red]✘[/]" : $"[red]✘ {Markup.Escape(k.Run.Problem.Split('\n')[0])}[/]";
            table.AddRow(k.Kata, $"{k.Run.Passed}/{k.MaxPoints}", k.Points.ToString(System.Globalization.CultureInfo.InvariantCulture), mark);
        }
        table.AddRow("[bold]Total[/]", "", $"[bold]{report.Points}/{report.MaxPoints}[/]", "");
        console.Write(table);
        if (report.TestsEdited)
        {
            console.MarkupLine("[red bold]The kata tests were edited[/] (against tests/Katas.Tests.sha256), so this is not the course's grade:");
            foreach (string file in report.EditedTests!)
            {
                console.MarkupLine($"  {Markup.Escape(file)}");
            }
        }
        console.MarkupLine(report.AllPassed
            ? $"[green bold]{report.Points}/{report.MaxPoints} points: every kata passes.[/]"
            : $"{report.Points}/{report.MaxPoints} points.");
    }

    private async Task WriteGitHubAsync(GradeReport report, string markdown, CancellationToken cancellationToken)
    {
        // Compiler errors become annotations on the lines they point at; failed tests come with the runs (TestHostRunner).
        foreach (BuildError e in report.Build.Errors)
        {
            string where = e.File is null ? "" : $" file={e.File},line={e.Line},col={e.Column}";
            await context.RawOut.WriteLineAsync($"::error{where}::{Escape(e.Text)}".AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        foreach (string command in report.Katas.SelectMany(k => k.Run.WorkflowCommands))
        {
            await context.RawOut.WriteLineAsync(command.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        if (report.TestsEdited)
        {
            await context.RawOut.WriteLineAsync($"::warning title=Kata tests edited::{Escape(string.Join(", ", report.EditedTests!))}".AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        string? summary = context.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
        if (string.IsNullOrEmpty(summary))
        {
            context.Console.MarkupLine("[yellow]GITHUB_STEP_SUMMARY is not set (not running in GitHub Actions?): the Markdown summary was not written.[/]");
        }
        else
        {
            await File.AppendAllTextAsync(summary, markdown, cancellationToken).ConfigureAwait(false);
        }
        string? output = context.GetEnvironmentVariable("GITHUB_OUTPUT");
        if (!string.IsNullOrEmpty(output))
        {
            string encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(report.ToClassroomJson()));
            await File.AppendAllTextAsync(output, $"result={encoded}\npoints={report.Points}\nmax-points={report.MaxPoints}\n", cancellationToken).ConfigureAwait(false);
        }
    }

    // Workflow command data must not contain raw %, CR or LF.
    private static string Escape(string text) => text.Replace("%", "%25", StringComparison.Ordinal)
        .Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
}
