using System.Text.RegularExpressions;
using Kata.Running;

namespace Kata.Ui;

/// <summary>Turns a failed test's message into what a learner needs to read.</summary>
internal static partial class Explain
{
    private const int MaxLines = 24;

    /// <summary>The teaching message of a failed test, with paths relative to the repository.</summary>
    public static string Failure(TestCaseResult test, string root)
    {
        ArgumentNullException.ThrowIfNull(test);
        string message = test.Message ?? "(the test failed without a message)";
        if (message.Contains("NotImplementedException", StringComparison.Ordinal))
        {
            Match frame = test.StackTrace is null ? Match.Empty : KataFrame().Match(test.StackTrace);
            if (frame.Success)
            {
                string file = Relative(frame.Groups["file"].Value, root);
                return $"Not written yet: {frame.Groups["method"].Value} still throws NotImplementedException " +
                       $"({file}, line {frame.Groups["line"].Value}). Replace the throw with your code.";
            }
            return "Not written yet: a method this test calls still throws NotImplementedException.";
        }
        if (test.Messages.Count > 0)
        {
            // The innermost failures teach; the framework's wrappers around them do not.
            message = string.Join("\n\n", test.Messages);
        }
        string[] lines = message.Replace(root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)
            .ReplaceLineEndings("\n").Split('\n');
        return lines.Length <= MaxLines
            ? string.Join('\n', lines)
            : string.Join('\n', lines.Take(MaxLines)) + $"\n... ({lines.Length - MaxLines} more lines)";
    }

    private static string Relative(string path, string root)
    {
        string relative = Path.GetRelativePath(root, path).Replace('\\', '/');
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    // A frame of the learner's code: "at Katas.Processes.ProcessKata.RunMany(Int32 n) in /x/katas/01-processes/ProcessKata.cs:line 33".
    [GeneratedRegex(@"at (?:[\w.]+\.)?(?<method>\w+\.\w+)\([^)]*\) in (?<file>.*?[\\/]katas[\\/].*?\.cs):line (?<line>\d+)")]
    private static partial Regex KataFrame();
}
