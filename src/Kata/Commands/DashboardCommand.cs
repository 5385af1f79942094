using Kata.Infrastructure;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Kata.Repo;
using Kata.Ui;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kata.Commands;

/// <summary>No command: every kata's progress, and what to do next.</summary>
internal sealed class DashboardCommand(ToolContext context) : Command
{
    private const int ReadmeLines = 8;

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
            console.Line([new Run("Every kata is done.", "green bold"), .. Say.Parse($" See your points with `{context.ToolCommand} grade`.")]);
            return 0;
        }
        KataInfo next = workspace.CurrentKata()!;
        // Inside the panel: its border and padding take 4 cells.
        int width = console.Profile.Width - 4;
        var lines = new List<MarkdownView.Line> { new($"[bold]Next: {next.Name}[/]"), new("") };
        string? readme = next.ReadReadme();
        lines.AddRange(readme is null
            ? [new($"[grey](no README yet: start from the comments in {next.RelativeKataDirectory}/*.cs)[/]")]
            : ReadmeOpening(readme, width));
        lines.Add(new(""));
        if (readme is not null)
        {
            lines.Add(new($"Read:  {next.RelativeKataDirectory}/README.md"));
        }
        lines.Add(new($"Check: [bold]{Markup.Escape($"{context.ToolCommand} check")}[/]   (or [bold]{Markup.Escape($"{context.ToolCommand} watch")}[/] to check on every save)"));
        console.Write(new Panel(MarkdownView.ToRenderable(lines)).Border(BoxBorder.Rounded).Expand());
        // The root's ./kata script runs the built tool without dotnet run's MSBuild check; it is a POSIX script.
        console.Line(OperatingSystem.IsWindows()
            ? $"`{context.ToolCommand}` is short for `{context.FullToolCommand}` (`function {context.ToolCommand} {{ {context.FullToolCommand} @args }}` saves typing); `{context.ToolCommand} help` lists every command."
            : $"`{context.ToolCommand}` is the script `./kata` (`alias {context.ToolCommand}=./kata` saves typing), or `{context.FullToolCommand}` anywhere; `{context.ToolCommand} help` lists every command.", "grey");
        return 0;
    }

    /// <summary>
    /// The lesson's title and first paragraphs, rendered, at most <see cref="ReadmeLines"/> lines of
    /// them: up to the first code block or list, never into the translation.
    /// </summary>
    private static IEnumerable<MarkdownView.Line> ReadmeOpening(string readme, int width)
    {
        static bool Chinese(Block b) => b.Span.Length > 0 && b is LeafBlock { Inline: { } inline }
            && inline.Descendants<LiteralInline>().Any(l => l.Content.ToString().Any(c => c is >= '\u4e00' and <= '\u9fff'));

        IEnumerable<Block> Opening(IReadOnlyList<Block> blocks)
        {
            bool prose = false;
            foreach (Block block in blocks)
            {
                if (Chinese(block))
                {
                    yield break;
                }
                if (block is HeadingBlock { Level: 1 })
                {
                    yield return block;
                }
                else if (block is ParagraphBlock)
                {
                    prose = true;
                    yield return block;
                }
                else if (prose)
                {
                    yield break;
                }
            }
        }

        List<MarkdownView.Line> lines = MarkdownView.Lines(readme, width, Opening);
        if (lines.Count <= ReadmeLines)
        {
            return lines;
        }
        // Cut at the end of a paragraph when there is one within the budget, else mid-paragraph with an ellipsis.
        int blank = lines.FindLastIndex(ReadmeLines, ReadmeLines + 1, l => l.Markup.Length == 0);
        return blank > 2 ? lines.Take(blank) : [.. lines.Take(ReadmeLines), new("…")];
    }
}
