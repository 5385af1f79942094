using System.Text.RegularExpressions;

namespace Kata.Running;

/// <summary>Picks the errors out of dotnet build's output, once each, with paths relative to the repository.</summary>
internal static partial class BuildOutputParser
{
    public static IReadOnlyList<BuildError> Parse(string output, string root)
    {
        var errors = new List<BuildError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string raw in output.ReplaceLineEndings("\n").Split('\n'))
        {
            string line = raw.Trim();
            Match located = Located().Match(line);
            if (located.Success)
            {
                string file = Relative(located.Groups["file"].Value, root);
                int lineNo = int.Parse(located.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
                int col = int.Parse(located.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture);
                string text = $"{file}({lineNo},{col}): {located.Groups["code"].Value}: {located.Groups["msg"].Value}";
                if (seen.Add(text))
                {
                    errors.Add(new BuildError(text, file, lineNo, col));
                }
                continue;
            }
            Match bare = Bare().Match(line);
            if (bare.Success)
            {
                string text = $"{bare.Groups["code"].Value}: {bare.Groups["msg"].Value}";
                if (seen.Add(text))
                {
                    errors.Add(new BuildError(text));
                }
            }
        }
        return errors;
    }

    private static string Relative(string path, string root)
    {
        try
        {
            string relative = Path.GetRelativePath(root, path);
            return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
        }
        catch (ArgumentException)
        {
            return path;
        }
    }

    [GeneratedRegex(@"^(?<file>.+?)\((?<line>\d+),(?<col>\d+)(?:,\d+,\d+)?\): error (?<code>[A-Z]+\d+): (?<msg>.*?)(?: \[[^\]]+\])?$")]
    private static partial Regex Located();

    [GeneratedRegex(@"^(?:.*?: )?error (?<code>[A-Z]+\d+): (?<msg>.*?)(?: \[[^\]]+\])?$")]
    private static partial Regex Bare();
}
