using Kata.Infrastructure;
using Kata.Repo;
using Kata.Ui;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kata.Commands;

/// <summary>No command: every kata's progress, and what to do next.</summary>
internal sealed class DashboardCommand(ToolContext context) : Command
{
    private const int ReadmeLines = 6;

    public override int Execute(CommandContext commandContext, CancellationToken cancellationToken)
    {
        IAnsiConsole console = context.Console;
        Workspace workspace = context.OpenWorkspace();
        IReadOnlyList<KataProgress> progress = workspace.Progress();
        if (progress.Count == 0)
        {
            throw new KataToolException($"There are no katas in '{Path.Combine(workspace.Root, "katas")}' yet (folders named like 01-processes).");
        }

        console.Write(new Rule("[bold]Multiprocessing katas[/]").LeftJustified());
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("#").AddColumn("Kata").AddColumn("Progress").AddColumn(new TableColumn("Tests").RightAligned()).AddColumn("Status");
        foreach (KataProgress p in progress)
        {
            table.AddRow(p.Kata.Number.ToString("00", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(p.Kata.Topic),
                Render.Bar(p.Passed, p.Total), $"{p.Passed}/{p.Total}", Render.Status(p));
        }
        console.Write(table);
        int done = progress.Count(p => p.Status == KataStatus.Done);
        console.MarkupLine($"{done} of {progress.Count} katas done, {progress.Sum(p => p.Passed)} of {progress.Sum(p => p.Total)} tests pass.");
        if (progress.Any(p => p.Status == KataStatus.NotRun))
        {
            console.MarkupLine("[grey]Katas not checked yet show the number of tests in their test files.[/]");
        }
        console.WriteLine();

        if (done == progress.Count)
        {
            console.MarkupLine($"[green bold]Every kata is done.[/] See your points with: {Markup.Escape($"{context.ToolCommand} grade")}");
            return 0;
        }
        KataInfo next = workspace.CurrentKata()!;
        var lines = new List<string> { $"[bold]Next: {next.Name}[/]", "" };
        string? readme = next.ReadReadme();
        lines.AddRange(readme is null
            ? [$"[grey](no README yet: start from the comments in {next.RelativeKataDirectory}/*.cs)[/]"]
            : ReadmeOpening(readme).Select(Markup.Escape));
        lines.Add("");
        if (readme is not null)
        {
            lines.Add($"Read:  {next.RelativeKataDirectory}/README.md");
        }
        lines.Add($"Check: [bold]{Markup.Escape($"{context.ToolCommand} check")}[/]   (or [bold]watch[/] to recheck on every save)");
        console.Write(new Panel(new Markup(string.Join('\n', lines))).Border(BoxBorder.Rounded).Expand());
        return 0;
    }

    /// <summary>The README's first lines of prose (headings' # removed), stopping before the translation.</summary>
    private static IEnumerable<string> ReadmeOpening(string readme) =>
        readme.ReplaceLineEndings("\n").Split('\n')
            .Select(l => l.TrimEnd())
            .TakeWhile(l => !l.Any(c => c is >= '\u4e00' and <= '\u9fff'))
            .Where(l => l.Length > 0 && !l.StartsWith("```", StringComparison.Ordinal))
            .Select(l => l.TrimStart('#', ' '))
            .Take(ReadmeLines);
}
