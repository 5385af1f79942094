namespace Kata.Repo;

/// <summary>One kata: its name (the folder name, e.g. "01-processes") and where its files live.</summary>
internal sealed record KataInfo(string Name, string Root)
{
    /// <summary>The learner's folder: katas/NN-topic.</summary>
    public string KataDirectory => Path.Combine(Root, "katas", Name);

    /// <summary>The reference solution's folder: solutions/NN-topic.</summary>
    public string SolutionDirectory => Path.Combine(Root, "solutions", Name);

    /// <summary>The kata's path relative to the repository root, with forward slashes.</summary>
    public string RelativeKataDirectory => $"katas/{Name}";

    /// <summary>The number before the dash, e.g. 1 for "01-processes".</summary>
    public int Number => int.Parse(Name.AsSpan(0, Name.IndexOf('-', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The topic after the dash, e.g. "processes".</summary>
    public string Topic => Name[(Name.IndexOf('-', StringComparison.Ordinal) + 1)..];

    /// <summary>The README's text, or null when the kata has none yet.</summary>
    public string? ReadReadme()
    {
        string path = Path.Combine(KataDirectory, "README.md");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>The hints, in order (empty when HINTS.md is missing).</summary>
    public IReadOnlyList<Hint> ReadHints()
    {
        string path = Path.Combine(KataDirectory, "HINTS.md");
        return File.Exists(path) ? Hint.Parse(File.ReadAllText(path)) : [];
    }

    /// <summary>The learner's source files (*.cs), relative to the kata folder, sorted.</summary>
    public IReadOnlyList<string> KataSources() => Sources(KataDirectory);

    /// <summary>The solution's source files (*.cs), relative to the solution folder, sorted.</summary>
    public IReadOnlyList<string> SolutionSources() => Sources(SolutionDirectory);

    private static List<string> Sources(string directory) =>
        !Directory.Exists(directory)
            ? []
            : Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
                .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
}
