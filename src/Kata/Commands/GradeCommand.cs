using System.ComponentModel;
using System.Globalization;
using Kata.Grading;
using Kata.Infrastructure;
using Kata.Repo;
using Kata.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kata.Commands;

/// <summary>
/// grade: points per kata (a point per passing test, or the weights of grading.json), from one
/// build and one run of each kata's tests, written in every format asked for. Exit code 0 only
/// when every kata passes; 2 when it refuses to grade (protected files changed).
/// </summary>
internal sealed class GradeCommand(ToolContext context) : AsyncCommand<GradeCommand.Settings>
{
    /// <summary>The result formats, in the order they are written.</summary>
    public static readonly string[] FormatNames = ["github", "classroom50", "gradescope", "junit"];

    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--source <SOURCE>")]
        [Description("What to grade: katas (your code, the default) or solutions (the reference solutions).")]
        public string Source { get; init; } = "katas";

        [CommandOption("-f|--format <FORMATS>")]
        [Description("Result formats, all from one test run: github, classroom50, gradescope, junit. Several: comma-separated (--format classroom50,junit) or the option repeated.")]
        public string[] Formats { get; init; } = [];

        [CommandOption("--github")]
        [Description("The same as --format github: the table into $GITHUB_STEP_SUMMARY, failed tests as annotations, artifacts/grade.json.")]
        public bool GitHub { get; init; }

        [CommandOption("--classroom50-file <PATH>")]
        [Description("Where --format classroom50 writes (default: result.json at the repository root, where Classroom 50 reads it).")]
        public string? Classroom50File { get; init; }

        [CommandOption("--gradescope-file <PATH>")]
        [Description("Where --format gradescope writes (default: /autograder/results/results.json when /autograder/results exists, else artifacts/results.json).")]
        public string? GradescopeFile { get; init; }

        [CommandOption("--junit-file <PATH>")]
        [Description("Where --format junit writes (default: artifacts/junit.xml).")]
        public string? JUnitFile { get; init; }

        [CommandOption("--manifest <PATH>")]
        [Description("The grading manifest to check protected files against (default: grading.sha256 at the root, when there is one).")]
        public string? Manifest { get; init; }

        [CommandOption("--json <PATH>")]
        [Description("Where to write the JSON result file (default with --format github: artifacts/grade.json).")]
        public string? Json { get; init; }

        [CommandOption("--markdown <PATH>")]
        [Description("Also write the Markdown table to this file.")]
        public string? Markdown { get; init; }

        /// <summary>The formats asked for, from --format (comma-separated or repeated) and --github.</summary>
        public IReadOnlyList<string> RequestedFormats =>
        [
            .. Formats.SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(f => f.ToLowerInvariant())
                .Concat(GitHub ? ["github"] : [])
                .Distinct(StringComparer.Ordinal),
        ];

        public override ValidationResult Validate()
        {
            if (Source is not ("katas" or "solutions"))
            {
                return ValidationResult.Error($"--source must be 'katas' or 'solutions', not '{Source}'.");
            }
            string? unknown = RequestedFormats.FirstOrDefault(f => !FormatNames.Contains(f));
            return unknown is null
                ? ValidationResult.Success()
                : ValidationResult.Error($"--format: '{unknown}' is not a format; the formats are {string.Join(", ", FormatNames)}.");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        IAnsiConsole console = context.Console;
        Workspace workspace = context.OpenWorkspace();
        IReadOnlyList<string> formats = settings.RequestedFormats;
        KataSource source = settings.Source == "solutions" ? KataSource.Solutions : KataSource.Katas;

        // Refused before anything runs: points earned against changed tests, harness or settings are not a grade.
        IReadOnlyList<string>? changed = GradingManifest.FindChanges(workspace.Root, settings.Manifest is null ? null : Path.GetFullPath(settings.Manifest));
        if (changed is { Count: > 0 })
        {
            throw new KataToolException(
                $"Not graded: {changed.Count} {(changed.Count == 1 ? "file" : "files")} that only the instructor may change " +
                $"{(changed.Count == 1 ? "differs" : "differ")} from the grading manifest ({settings.Manifest ?? GradingManifest.FileName}). " +
                "Put back the course's version (git checkout <the starter commit> -- <file>) and push again:")
            {
                Details = changed,
            };
        }
        GradingSettings grading = GradingSettings.Load(workspace.Catalog);

        console.MarkupLine($"Grading {(source == KataSource.Solutions ? "the reference solutions" : "your code")}: building, then running each kata's tests...");
        var grader = new Grader(context.CreateRunner(workspace.Root))
        {
            KataGraded = g => console.MarkupLine($"  {g.Kata}: {g.Points}/{g.MaxPoints}"),
        };
        GradeReport report = await grader.GradeAsync(workspace, source, grading, formats.Contains("github"), cancellationToken).ConfigureAwait(false);

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
            await WriteAsync(settings.Markdown, markdown, "Markdown", cancellationToken).ConfigureAwait(false);
        }
        string? jsonPath = settings.Json ?? (formats.Contains("github") ? Path.Combine(workspace.Root, "artifacts", "grade.json") : null);
        if (jsonPath is not null)
        {
            await WriteAsync(jsonPath, report.ToJson(), "Result file", cancellationToken).ConfigureAwait(false);
        }
        DateTimeOffset now = context.Time.GetUtcNow();
        foreach (string format in FormatNames.Where(formats.Contains))
        {
            switch (format)
            {
                case "github":
                    await WriteGitHubAsync(report, markdown, cancellationToken).ConfigureAwait(false);
                    break;
                case "classroom50":
                    DateTimeOffset? committed = await CommitDateAsync(workspace.Root, cancellationToken).ConfigureAwait(false);
                    string classroom = Classroom50Result.Write(report, context.GetEnvironmentVariable, committed, now);
                    await WriteAsync(settings.Classroom50File ?? Path.Combine(workspace.Root, Classroom50Result.FileName), classroom, "Classroom 50 result", cancellationToken).ConfigureAwait(false);
                    break;
                case "gradescope":
                    string gradescope = settings.GradescopeFile
                        ?? (Directory.Exists(Path.GetDirectoryName(GradescopeResult.DefaultPath)) ? GradescopeResult.DefaultPath : Path.Combine(workspace.Root, "artifacts", "results.json"));
                    await WriteAsync(gradescope, GradescopeResult.Write(report), "Gradescope result", cancellationToken).ConfigureAwait(false);
                    break;
                case "junit":
                    await WriteAsync(settings.JUnitFile ?? Path.Combine(workspace.Root, JUnitReport.DefaultPath), JUnitReport.Write(report, now), "JUnit XML", cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        return report.AllPassed ? 0 : 1;
    }

    private async Task WriteAsync(string path, string content, string what, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, content, cancellationToken).ConfigureAwait(false);
        context.Console.MarkupLine($"{what}: {Markup.Escape(path)}");
    }

    /// <summary>The committer date of HEAD (Classroom 50's submission instant), or null outside git.</summary>
    private static async Task<DateTimeOffset?> CommitDateAsync(string root, CancellationToken cancellationToken)
    {
        try
        {
            CommandResult result = await new ProcessRunner().RunAsync("git", ["log", "-1", "--format=%cI"], root, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            return result.ExitCode == 0 && DateTimeOffset.TryParse(result.StandardOutput.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset date) ? date : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
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
            table.AddRow(k.Kata, $"{k.Tests.Count(t => t.Passed)}/{k.Tests.Count}", $"{k.Points}/{k.MaxPoints}", mark);
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
            await File.AppendAllTextAsync(output, $"points={report.Points}\nmax-points={report.MaxPoints}\n", cancellationToken).ConfigureAwait(false);
        }
    }

    // Workflow command data must not contain raw %, CR or LF.
    private static string Escape(string text) => text.Replace("%", "%25", StringComparison.Ordinal)
        .Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
}
