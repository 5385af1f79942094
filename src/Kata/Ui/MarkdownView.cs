using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Table = Markdig.Extensions.Tables.Table;
using TableCell = Markdig.Extensions.Tables.TableCell;
using TableRow = Markdig.Extensions.Tables.TableRow;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Kata.Ui;

/// <summary>
/// Markdown (a lesson, a hint) for the terminal: paragraphs reflowed to the width, so the
/// source's own line breaks don't show; code spans and commands never split; emphasis in
/// bold or italics; lists and headings kept; code blocks shown line for line and never wrapped
/// (a terminal wraps what is too long; a copied command stays whole).
/// </summary>
internal static class MarkdownView
{
    private const string CodeStyle = "cyan";

    private static readonly MarkdownPipeline s_pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    /// <summary>One line of the view: Spectre markup, and whether it must not be wrapped again.</summary>
    internal sealed record Line(string Markup, bool Code = false);

    /// <summary>The lines of <paramref name="markdown"/> at <paramref name="width"/> cells.</summary>
    /// <param name="markdown">The text.</param>
    /// <param name="width">The cells available.</param>
    /// <param name="take">Which top-level blocks to show (all when null).</param>
    public static List<Line> Lines(string markdown, int width, Func<IReadOnlyList<Block>, IEnumerable<Block>>? take = null)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        MarkdownDocument doc = Markdown.Parse(markdown.ReplaceLineEndings("\n"), s_pipeline);
        var lines = new List<Line>();
        foreach (Block block in take is null ? doc : take(doc))
        {
            if (lines.Count > 0)
            {
                lines.Add(new Line(""));
            }
            Render(block, Math.Max(20, width), 0, lines);
        }
        return lines;
    }

    /// <summary>The lines as something Spectre writes: prose as markup (already fitted), code lines as they are.</summary>
    public static IRenderable ToRenderable(IReadOnlyList<Line> lines)
    {
        var parts = new List<IRenderable>();
        var prose = new List<string>();
        void Flush()
        {
            if (prose.Count > 0)
            {
                parts.Add(new Markup(string.Join('\n', prose)));
                prose.Clear();
            }
        }
        foreach (Line line in lines)
        {
            if (line.Code)
            {
                Flush();
                parts.Add(new Unwrapped(line.Markup));
            }
            else
            {
                prose.Add(line.Markup);
            }
        }
        Flush();
        return new Rows(parts);
    }

    /// <summary>Writes <paramref name="markdown"/> at the console's width, less <paramref name="margin"/>.</summary>
    public static void Write(IAnsiConsole console, string markdown, int margin = 0) =>
        console.Write(ToRenderable(Lines(markdown, console.Profile.Width - margin)));

    private static void Render(Block block, int width, int indent, List<Line> lines)
    {
        string pad = new(' ', indent);
        switch (block)
        {
            case HeadingBlock heading:
                string style = heading.Level <= 1 ? "bold underline" : "bold";
                lines.AddRange(TextLayout.Wrap(Inlines(heading.Inline, style), width, pad, indent).Select(l => new Line(l)));
                break;
            case ParagraphBlock paragraph:
                lines.AddRange(TextLayout.Wrap(Inlines(paragraph.Inline, null), width, pad, indent).Select(l => new Line(l)));
                break;
            case CodeBlock code:
                foreach (string text in CodeLines(code))
                {
                    lines.Add(new Line($"{pad}  [{CodeStyle}]{Markup.Escape(text)}[/]", Code: true));
                }
                break;
            case ListBlock list:
                int number = int.TryParse(list.OrderedStart, System.Globalization.CultureInfo.InvariantCulture, out int start) ? start : 1;
                foreach (Block item in list)
                {
                    string bullet = list.IsOrdered ? $"{number++}. " : "• ";
                    RenderItem((ListItemBlock)item, width, indent, bullet, lines);
                }
                break;
            case QuoteBlock quote:
                var inner = new List<Line>();
                foreach (Block child in quote)
                {
                    if (inner.Count > 0)
                    {
                        inner.Add(new Line(""));
                    }
                    Render(child, width - 2, 0, inner);
                }
                lines.AddRange(inner.Select(l => l with { Markup = $"{pad}[grey]│[/] {l.Markup}" }));
                break;
            case ThematicBreakBlock:
                lines.Add(new Line($"{pad}[grey]{new string('─', Math.Max(1, width - indent))}[/]"));
                break;
            case Table table:
                RenderTable(table, width, indent, lines);
                break;
            case HtmlBlock html:
                lines.AddRange(TextLayout.WrapPlain(string.Join('\n', CodeLines(html)), width, indent, "grey").Select(l => new Line(l)));
                break;
            case ContainerBlock container:
                foreach (Block child in container)
                {
                    Render(child, width, indent, lines);
                }
                break;
            case LeafBlock leaf:
                lines.AddRange(TextLayout.Wrap(Inlines(leaf.Inline, null), width, pad, indent).Select(l => new Line(l)));
                break;
        }
    }

    /// <summary>A list item: its first block after the bullet, the rest under it, all with a hanging indent.</summary>
    private static void RenderItem(ListItemBlock item, int width, int indent, string bullet, List<Line> lines)
    {
        int inner = indent + bullet.Length;
        bool first = true;
        foreach (Block child in item)
        {
            if (first && child is ParagraphBlock paragraph)
            {
                string prefix = new string(' ', indent) + Markup.Escape(bullet);
                lines.AddRange(TextLayout.Wrap(Inlines(paragraph.Inline, null), width, prefix, inner).Select(l => new Line(l)));
            }
            else
            {
                if (first)
                {
                    lines.Add(new Line(new string(' ', indent) + Markup.Escape(bullet.TrimEnd())));
                }
                Render(child, width, inner, lines);
            }
            first = false;
        }
    }

    /// <summary>A pipe table as columns padded to their widest cell; rows too wide are left to the terminal.</summary>
    private static void RenderTable(Table table, int width, int indent, List<Line> lines)
    {
        var rows = table.OfType<TableRow>().Select(row => row.OfType<TableCell>()
            .Select(cell => string.Join(' ', cell.OfType<LeafBlock>().Select(leaf => Plain(leaf.Inline)))).ToList()).ToList();
        int columns = rows.Max(r => r.Count);
        int[] widths = [.. Enumerable.Range(0, columns).Select(c => rows.Max(r => c < r.Count ? TextLayout.Width(r[c]) : 0))];
        string pad = new(' ', indent);
        for (int r = 0; r < rows.Count; r++)
        {
            var text = new StringBuilder(pad);
            for (int c = 0; c < columns; c++)
            {
                string cell = c < rows[r].Count ? rows[r][c] : "";
                text.Append(r == 0 ? $"[bold]{Markup.Escape(cell)}[/]" : Markup.Escape(cell))
                    .Append(' ', widths[c] - TextLayout.Width(cell) + (c < columns - 1 ? 2 : 0));
            }
            lines.Add(new Line(text.ToString().TrimEnd(), Code: widths.Sum() + (2 * columns) > width));
        }
    }

    private static List<string> CodeLines(LeafBlock block)
    {
        var lines = new List<string>();
        for (int i = 0; i < block.Lines.Count; i++)
        {
            lines.Add(block.Lines.Lines[i].Slice.ToString());
        }
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        return lines;
    }

    /// <summary>The runs of an inline container; soft line breaks become spaces (the reflow).</summary>
    private static List<Run> Inlines(ContainerInline? container, string? style)
    {
        var runs = new List<Run>();
        if (container is not null)
        {
            Add(container, style, runs);
        }
        return runs;
    }

    private static void Add(Inline inline, string? style, List<Run> runs)
    {
        switch (inline)
        {
            case LiteralInline literal:
                runs.Add(new Run(literal.Content.ToString(), style));
                break;
            case CodeInline code:
                runs.Add(new Run(code.Content, Combine(style, CodeStyle), Whole: true));
                break;
            case LineBreakInline lineBreak:
                runs.Add(lineBreak.IsHard ? Run.LineBreak : new Run(" ", style));
                break;
            case HtmlEntityInline entity:
                runs.Add(new Run(entity.Transcoded.ToString(), style));
                break;
            case AutolinkInline autolink:
                runs.Add(new Run(autolink.Url, Combine(style, "underline"), Whole: true));
                break;
            case HtmlInline html:
                runs.Add(new Run(html.Tag, Combine(style, "grey")));
                break;
            case EmphasisInline emphasis:
                string emphasisStyle = emphasis.DelimiterChar == '~' ? "strikethrough" : emphasis.DelimiterCount >= 2 ? "bold" : "italic";
                foreach (Inline child in emphasis)
                {
                    Add(child, Combine(style, emphasisStyle), runs);
                }
                break;
            case LinkInline link:
                foreach (Inline child in link)
                {
                    Add(child, style, runs);
                }
                if (!link.IsImage && link.Url is { Length: > 0 } url && !url.StartsWith('#') && Plain(link) != url)
                {
                    runs.Add(new Run(" ", style));
                    runs.Add(new Run($"({url})", Combine(style, "grey"), Whole: true));
                }
                break;
            case ContainerInline container:
                foreach (Inline child in container)
                {
                    Add(child, style, runs);
                }
                break;
        }
    }

    private static string Plain(ContainerInline? container) =>
        container is null ? "" : string.Concat(Inlines(container, null).Select(r => r.Break ? " " : r.Text));

    private static string Combine(string? outer, string inner) => outer is null ? inner : $"{outer} {inner}";

    /// <summary>A line Spectre writes as it is: too long for the width, it runs on rather than being broken at a space.</summary>
    private sealed class Unwrapped(string markup) : Renderable
    {
        private const int NoLimit = 100_000;
        private readonly IRenderable _text = new Markup(markup);

        protected override Measurement Measure(RenderOptions options, int maxWidth) => new(1, maxWidth);

        protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth) =>
            _text.Render(options, NoLimit).Where(s => !s.IsLineBreak).Append(Segment.LineBreak);
    }
}
