using System.Text.RegularExpressions;

namespace Kata.Repo;

/// <summary>One section of HINTS.md ("## Hint 1" and the text under it).</summary>
internal sealed partial record Hint(string Title, string Body)
{
    /// <summary>Splits HINTS.md into its "## ..." sections; text before the first section is ignored.</summary>
    public static IReadOnlyList<Hint> Parse(string markdown)
    {
        var hints = new List<Hint>();
        string? title = null;
        var body = new List<string>();
        foreach (string line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            Match m = Heading().Match(line);
            if (m.Success)
            {
                if (title is not null)
                {
                    hints.Add(new Hint(title, string.Join('\n', body).Trim()));
                }
                title = m.Groups[1].Value.Trim();
                body.Clear();
            }
            else if (title is not null)
            {
                body.Add(line);
            }
        }
        if (title is not null)
        {
            hints.Add(new Hint(title, string.Join('\n', body).Trim()));
        }
        return hints;
    }

    [GeneratedRegex(@"^##\s+(.+)$")]
    private static partial Regex Heading();
}
