using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Spectre.Console;

namespace Kata.Ui;

/// <summary>
/// A unified diff of two texts: the learner's lines in red (-), the solution's in green (+), with
/// context. A line too long for the console is cut into rows that each keep the gutter, so a
/// wrapped row still says which side it belongs to.
/// </summary>
internal static class DiffView
{
    private const int Context = 3;

    /// <summary>Marks a row that continues the line above it.</summary>
    private const string Continued = "↪";

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
        int width = Math.Max(20, console.Profile.Width - 2);
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
            (string mark, string style) = lines[i].Type switch
            {
                ChangeType.Deleted => ("-", "red"),
                ChangeType.Inserted => ("+", "green"),
                _ => (" ", "grey"),
            };
            List<string> rows = Rows((lines[i].Text ?? "").Replace("\t", "    ", StringComparison.Ordinal), width);
            for (int r = 0; r < rows.Count; r++)
            {
                string gutter = r == 0 ? $"{mark} " : $"{mark}{Continued}";
                console.MarkupLine($"[{style}]{Markup.Escape(gutter + rows[r])}[/]");
            }
        }
        return true;
    }

    /// <summary>The line cut into rows of at most <paramref name="width"/> cells (code is cut where the row ends, not at a space).</summary>
    private static List<string> Rows(string text, int width)
    {
        var rows = new List<string>();
        var row = new System.Text.StringBuilder();
        int used = 0;
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            string c = elements.GetTextElement();
            int size = TextLayout.Width(c);
            if (used + size > width && row.Length > 0)
            {
                rows.Add(row.ToString());
                row.Clear();
                used = 0;
            }
            row.Append(c);
            used += size;
        }
        rows.Add(row.ToString());
        return rows;
    }
}
