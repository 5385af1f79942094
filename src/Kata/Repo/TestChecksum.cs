using System.Security.Cryptography;
using System.Text;

namespace Kata.Repo;

/// <summary>
/// Checksums of the kata tests (tests/Katas.Tests), committed as tests/Katas.Tests.sha256, so that
/// grading can tell when a learner edited a test. One line per file, "SHA256  path", like sha256sum;
/// line endings are normalized first so that a Windows checkout with autocrlf does not look edited.
/// </summary>
internal static class TestChecksum
{
    /// <summary>The checksum file, relative to the repository root.</summary>
    public const string FileName = "tests/Katas.Tests.sha256";

    /// <summary>The files under <paramref name="directory"/> that count, relative and sorted (build output excluded).</summary>
    public static IReadOnlyList<string> SourceFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal)
                && !f.StartsWith("TestResults/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The checksum file's content for the tests as they are now.</summary>
    public static string Compute(string root)
    {
        string tests = Path.Combine(root, "tests", "Katas.Tests");
        var text = new StringBuilder();
        foreach (string file in SourceFiles(tests))
        {
            byte[] content = File.ReadAllBytes(Path.Combine(tests, file));
            text.Append(Hash(content)).Append("  ").Append("tests/Katas.Tests/").Append(file).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// Compares the tests with the committed checksum file. Returns null when there is no checksum
    /// file, otherwise the files added, removed or changed (empty when none were).
    /// </summary>
    public static IReadOnlyList<string>? FindEdits(string root)
    {
        string path = Path.Combine(root, FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        return Compare(File.ReadAllText(path), Compute(root));
    }

    /// <summary>The files added, deleted or changed ("path (changed)") between two checksum listings, sorted.</summary>
    internal static List<string> Compare(string expectedListing, string actualListing)
    {
        Dictionary<string, string> expected = ParseLines(expectedListing);
        Dictionary<string, string> actual = ParseLines(actualListing);
        var edits = new List<string>();
        foreach (var (file, hash) in expected)
        {
            if (!actual.TryGetValue(file, out string? now))
            {
                edits.Add($"{file} (deleted)");
            }
            else if (now != hash)
            {
                edits.Add($"{file} (changed)");
            }
        }
        edits.AddRange(actual.Keys.Where(f => !expected.ContainsKey(f)).Select(f => $"{f} (added)"));
        edits.Sort(StringComparer.Ordinal);
        return edits;
    }

    private static Dictionary<string, string> ParseLines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split("  ", 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[1].Trim(), p => p[0].Trim(), StringComparer.Ordinal);

    internal static string Hash(byte[] content)
    {
        // Normalize CRLF to LF for text; a checkout's line endings are not an edit.
        string text = Encoding.UTF8.GetString(content).ReplaceLineEndings("\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
