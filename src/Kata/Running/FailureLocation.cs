using System.Globalization;
using System.Text.RegularExpressions;

namespace Kata.Running;

/// <summary>A place in the repository: a file relative to its root, and a line.</summary>
internal sealed record SourcePlace(string File, int Line)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}");
}

/// <summary>Where a failed test points: the line of the code under test it ran last, and the test's own line.</summary>
internal static partial class FailureLocation
{
    /// <summary>The deepest frame of the stack trace in katas/ or solutions/ (the code under test), or null.</summary>
    public static SourcePlace? InCode(TestCaseResult test, string root) => Frames(test, root)
        .FirstOrDefault(p => p.File.StartsWith("katas/", StringComparison.Ordinal) || p.File.StartsWith("solutions/", StringComparison.Ordinal));

    /// <summary>The test's line that failed (the deepest frame in tests/), else where the test is declared.</summary>
    public static SourcePlace? InTest(TestCaseResult test, string root)
    {
        ArgumentNullException.ThrowIfNull(test);
        // The test's own file first (its class's name), not a helper it called.
        string head = test.FullName.Split('(')[0];
        string[] parts = head.Split('.');
        string classFile = parts.Length >= 2 ? $"/{parts[^2]}.cs" : "\0";
        List<SourcePlace> inTests = [.. Frames(test, root).Where(p => p.File.StartsWith("tests/", StringComparison.Ordinal))];
        SourcePlace? frame = inTests.FirstOrDefault(p => p.File.EndsWith(classFile, StringComparison.Ordinal)) ?? inTests.FirstOrDefault();
        if (frame is not null)
        {
            return frame;
        }
        return test.SourceFile is { } file && test.SourceLine > 0 && Relative(file, root) is { } relative
            ? new SourcePlace(relative, test.SourceLine)
            : null;
    }

    private static IEnumerable<SourcePlace> Frames(TestCaseResult test, string root)
    {
        if (test.StackTrace is null)
        {
            yield break;
        }
        foreach (Match m in Frame().Matches(test.StackTrace))
        {
            if (Relative(m.Groups["file"].Value, root) is { } relative)
            {
                yield return new SourcePlace(relative, int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>The path relative to the repository, with forward slashes; null when it is outside.</summary>
    public static string? Relative(string path, string root)
    {
        try
        {
            string relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // "at Katas.Queues.QueueKata.Consumer(...) in /repo/katas/02-queues/QueueKata.cs:line 73"
    [GeneratedRegex(@"\bat .+? in (?<file>.+?):line (?<line>\d+)")]
    private static partial Regex Frame();
}
