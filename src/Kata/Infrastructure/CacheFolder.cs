namespace Kata.Infrastructure;

/// <summary>
/// The tool's cache, .kata/ at the repository root: test results and hint progress, all derived
/// from test runs. It ignores itself in git (a .gitignore of "*" inside), so the repository's own
/// .gitignore needs no entry and a learner never commits it.
/// </summary>
internal static class CacheFolder
{
    public const string Name = ".kata";

    public static string PathFor(string root) => Path.Combine(root, Name);

    /// <summary>Creates the folder with its self-ignoring .gitignore when missing.</summary>
    public static void EnsureIgnored(string root)
    {
        string dir = PathFor(root);
        Directory.CreateDirectory(dir);
        string ignore = Path.Combine(dir, ".gitignore");
        if (!File.Exists(ignore))
        {
            File.WriteAllText(ignore, "# The kata tool's cache (derived from test runs); never committed.\n*\n");
        }
    }
}
