using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Spectre.Console;

namespace Kata.Ui;

/// <summary>A unified diff of two texts: the learner's lines in red (-), the solution's in green (+), with context.</summary>
internal static class DiffView
{
    private const int Context = 3;

    /// <summary>Writes the diff; returns false when the texts are the same.</summary>
    public static bool Write(IAnsiConsole console, string learner, string solution)
    {
        DiffPaneModel model = InlineDiffBuilder.Diff(learner.ReplaceLineEndings("\n"), solution.ReplaceLineEndings("\n"), ignoreWhiteSpace: false);
        List<DiffPiece> lines = model.Lines;
        if (lines.All(l => l.Type == ChangeType.Unchanged))
        {
            return false;
        }
        var show = new bool[lines.Count];
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type != ChangeType.Unchanged)
            {
                for (int j = Math.Max(0, i - Context); j <= Math.Min(lines.Count - 1, i + Context); j++)
                {
                    show[j] = true;
                }
            }
        }
        bool skipped = false;
        for (int i = 0; i < lines.Count; i++)
        {
            if (!show[i])
            {
                skipped = true;
                continue;
            }
            if (skipped)
            {
                console.MarkupLine("[blue]  ...[/]");
                skipped = false;
            }
            string text = Markup.Escape(lines[i].Text ?? "");
            console.MarkupLine(lines[i].Type switch
            {
                ChangeType.Deleted => $"[red]- {text}[/]",
                ChangeType.Inserted => $"[green]+ {text}[/]",
                _ => $"[grey]  {text}[/]",
            });
        }
        return true;
    }
}
