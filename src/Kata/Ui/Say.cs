using Spectre.Console;

namespace Kata.Ui;

/// <summary>
/// The tool's own sentences, wrapped at the console's width without ever splitting a command:
/// text between backticks is a command or a path, kept whole (and shown in the code colour).
/// </summary>
internal static class Say
{
    /// <summary>Writes one sentence; <c>`...`</c> marks what must stay whole.</summary>
    public static void Line(this IAnsiConsole console, string text, string? style = null) =>
        console.Line([.. Parse(text, style)]);

    /// <summary>Writes one sentence behind <paramref name="prefix"/>, its further lines indented by <paramref name="indent"/> cells.</summary>
    public static void Line(this IAnsiConsole console, string text, string? style, string prefix, int indent)
    {
        ArgumentNullException.ThrowIfNull(console);
        foreach (string line in TextLayout.Wrap([.. Parse(text, style)], console.Profile.Width, prefix, indent))
        {
            console.MarkupLine(line);
        }
    }

    /// <summary>Writes runs of text, wrapped at the console's width.</summary>
    public static void Line(this IAnsiConsole console, params Run[] runs)
    {
        ArgumentNullException.ThrowIfNull(console);
        foreach (string line in TextLayout.Wrap(runs, console.Profile.Width))
        {
            console.MarkupLine(line);
        }
    }

    /// <summary>Runs of <paramref name="text"/>: plain between backticks, whole within.</summary>
    public static IEnumerable<Run> Parse(string text, string? style = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('`');
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length > 0)
            {
                yield return i % 2 == 0
                    ? new Run(parts[i], style)
                    : new Run(parts[i], "cyan", Whole: true);
            }
        }
    }
}
