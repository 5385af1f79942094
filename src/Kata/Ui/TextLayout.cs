using System.Text;
using Spectre.Console;

namespace Kata.Ui;

/// <summary>A run of text in one style; <see cref="Whole"/> runs (code, commands) are never broken across lines.</summary>
/// <param name="Text">The visible text.</param>
/// <param name="Style">Spectre markup style ("bold", "cyan"), or null for plain.</param>
/// <param name="Whole">Keep on one line, spaces and all.</param>
/// <param name="Break">A hard line break, not text.</param>
internal sealed record Run(string Text, string? Style = null, bool Whole = false, bool Break = false)
{
    public static Run LineBreak { get; } = new("", Break: true);
}

/// <summary>
/// Fills lines with styled runs, breaking only between words: a code span or a command stays on
/// one line (moved whole to the next one when it does not fit), and a word glued to its
/// punctuation ("**process**,") stays glued. Widths are terminal cells (a CJK character is two).
/// </summary>
internal static class TextLayout
{
    /// <summary>The runs as Spectre markup lines, none wider than <paramref name="width"/> unless one word alone is.</summary>
    /// <param name="runs">The text.</param>
    /// <param name="width">The cells available.</param>
    /// <param name="firstPrefix">Markup put before the first line (a bullet); counts as <paramref name="indent"/> cells.</param>
    /// <param name="indent">The cells every line starts with (the first line's filled by <paramref name="firstPrefix"/>).</param>
    public static List<string> Wrap(IEnumerable<Run> runs, int width, string firstPrefix = "", int indent = 0)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        int used = 0;
        bool pendingSpace = false;
        string pad = new(' ', indent);
        line.Append(firstPrefix.Length > 0 ? firstPrefix : pad);

        void NewLine()
        {
            lines.Add(line.ToString().TrimEnd());
            line.Clear().Append(pad);
            used = 0;
            pendingSpace = false;
        }

        foreach (List<Run> word in Words(runs))
        {
            if (word is [{ Break: true }])
            {
                NewLine();
                continue;
            }
            if (word is [{ Text: " " }])
            {
                pendingSpace = used > 0;
                continue;
            }
            int size = word.Sum(r => Width(r.Text));
            if (used > 0 && used + (pendingSpace ? 1 : 0) + size > width - indent)
            {
                NewLine();
            }
            if (pendingSpace && used > 0)
            {
                line.Append(' ');
                used++;
            }
            pendingSpace = false;
            foreach (Run r in word)
            {
                line.Append(r.Style is null ? Markup.Escape(r.Text) : $"[{r.Style}]{Markup.Escape(r.Text)}[/]");
            }
            used += size;
        }
        if (used > 0 || lines.Count == 0)
        {
            lines.Add(line.ToString().TrimEnd());
        }
        return lines;
    }

    /// <summary>The terminal cells <paramref name="text"/> takes: two for East Asian wide characters and emoji, one for the rest.</summary>
    public static int Width(string text)
    {
        int cells = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c))
            {
                cells += 2; // emoji and other characters beyond the basic plane: wide in terminals
                i++;
            }
            else if (c is (>= '\u1100' and <= '\u115F') or (>= '\u2E80' and <= '\uA4CF') or (>= '\uAC00' and <= '\uD7A3')
                     or (>= '\uF900' and <= '\uFAFF') or (>= '\uFE30' and <= '\uFE4F') or (>= '\uFF00' and <= '\uFF60') or (>= '\uFFE0' and <= '\uFFE6'))
            {
                cells += 2;
            }
            else if (!char.IsControl(c))
            {
                cells++;
            }
        }
        return cells;
    }

    /// <summary>Plain text wrapped at <paramref name="width"/>, its own line breaks kept, every line indented.</summary>
    public static List<string> WrapPlain(string text, int width, int indent = 0, string? style = null)
    {
        var runs = new List<Run>();
        foreach (string paragraphLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (runs.Count > 0)
            {
                runs.Add(Run.LineBreak);
            }
            runs.Add(new Run(paragraphLine, style));
        }
        return Wrap(runs, width, "", indent);
    }

    /// <summary>Splits the runs into words (runs glued without a space between them) and single spaces.</summary>
    private static IEnumerable<List<Run>> Words(IEnumerable<Run> runs)
    {
        var word = new List<Run>();
        foreach (Run run in runs)
        {
            if (run.Break)
            {
                if (word.Count > 0)
                {
                    yield return word;
                    word = [];
                }
                yield return [run];
                continue;
            }
            if (run.Whole)
            {
                word.Add(run);
                continue;
            }
            var piece = new StringBuilder();
            foreach (char c in run.Text)
            {
                if (char.IsWhiteSpace(c))
                {
                    if (piece.Length > 0)
                    {
                        word.Add(run with { Text = piece.ToString() });
                        piece.Clear();
                    }
                    if (word.Count > 0)
                    {
                        yield return word;
                        word = [];
                    }
                    yield return [new Run(" ")];
                }
                else
                {
                    piece.Append(c);
                }
            }
            if (piece.Length > 0)
            {
                word.Add(run with { Text = piece.ToString() });
            }
        }
        if (word.Count > 0)
        {
            yield return word;
        }
    }
}
