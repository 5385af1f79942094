using System.Text;

namespace Kata.Repo;

/// <summary>
/// Checksums of everything a learner must not change for a grade to count: the tests (all of
/// tests/), the harness and the grading tool (src/), the grading settings (grading.json), the
/// grading workflow (.github/workflows/grade.yml) and the build files that decide what compiles.
/// An instructor writes it once, as <c>grading.sha256</c> at the root (<c>kata checksum --grading
/// --write</c>), and commits it to the assignment; a grading run then refuses to grade while any of
/// those files differs, naming each. One line per file, "SHA256  path", like sha256sum; line endings
/// are normalized as for tests/Katas.Tests.sha256.
/// </summary>
internal static class GradingManifest
{
    /// <summary>The manifest, relative to the repository root.</summary>
    public const string FileName = "grading.sha256";

    /// <summary>What the manifest covers: folders (every file in them) and single files, relative to the root.</summary>
    public static IReadOnlyList<string> ProtectedPaths { get; } =
    [
        "tests",
        "src",
        "grading.json",
        ".github/workflows/grade.yml",
        "Directory.Build.props",
        "Directory.Packages.props",
        "global.json",
        "katas/Katas.csproj",
    ];

    /// <summary>The manifest's content for the repository as it is now.</summary>
    public static string Compute(string root)
    {
        var text = new StringBuilder();
        foreach (string file in ProtectedFiles(root))
        {
            text.Append(TestChecksum.Hash(File.ReadAllBytes(Path.Combine(root, file)))).Append("  ").Append(file).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// Compares the protected files with a manifest: <paramref name="manifest"/> when given (an
    /// instructor's copy kept out of the learner's reach), else grading.sha256 at the root. Null when
    /// there is no manifest at the root and none was given; otherwise the files added, deleted or
    /// changed ("src/Harness/Mp.cs (changed)"), empty when none were.
    /// </summary>
    public static IReadOnlyList<string>? FindChanges(string root, string? manifest = null)
    {
        string path = manifest ?? Path.Combine(root, FileName);
        if (!File.Exists(path))
        {
            return manifest is null ? null : throw new Infrastructure.KataToolException($"The grading manifest '{manifest}' does not exist.");
        }
        return TestChecksum.Compare(File.ReadAllText(path), Compute(root));
    }

    /// <summary>The protected files that exist, relative with forward slashes, sorted; build output (bin/, obj/, TestResults/) left out.</summary>
    public static IReadOnlyList<string> ProtectedFiles(string root)
    {
        var files = new List<string>();
        foreach (string entry in ProtectedPaths)
        {
            string full = Path.Combine(root, entry);
            if (File.Exists(full))
            {
                files.Add(entry);
            }
            else if (Directory.Exists(full))
            {
                files.AddRange(Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                    .Where(f => !f.Split('/').Any(part => part is "bin" or "obj" or "TestResults")));
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
