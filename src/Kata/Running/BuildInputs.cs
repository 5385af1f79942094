using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kata.Infrastructure;

namespace Kata.Running;

/// <summary>
/// What the kata tests' build reads (the code under test, the tests, the harness, the build
/// settings), summed up as one fingerprint of names, sizes and times. When it matches the one of
/// the last successful build, and that build's output is still there, the build is skipped: an
/// up-to-date `dotnet build` still costs seconds of project evaluation.
/// </summary>
internal static class BuildInputs
{
    private static readonly string[] s_folders = ["src/Harness", "tests/Katas.Tests"];
    private static readonly string[] s_files = ["Directory.Build.props", "Directory.Packages.props", "global.json", "NuGet.config", "nuget.config"];

    /// <summary>The fingerprint of the inputs of a build against <paramref name="source"/>, and of its output <paramref name="outputFile"/>.</summary>
    public static string Compute(string root, KataSource source, string? outputFile)
    {
        var text = new StringBuilder();
        foreach (string folder in s_folders.Append(TestHostRunner.SourceName(source)))
        {
            string dir = Path.Combine(root, folder);
            if (!Directory.Exists(dir))
            {
                continue;
            }
            foreach (string file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (!IsBuildOutput(relative))
                {
                    Append(text, relative, file);
                }
            }
        }
        foreach (string name in s_files)
        {
            Append(text, name, Path.Combine(root, name));
        }
        if (outputFile is not null)
        {
            Append(text, "output", outputFile);
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// The fingerprint of what restore reads (project files, build settings): while it is the one
    /// of the last successful build, the build can skip restore, which costs seconds even when it
    /// has nothing to do.
    /// </summary>
    public static string ComputeRestore(string root, KataSource source)
    {
        var text = new StringBuilder();
        foreach (string folder in s_folders.Append(TestHostRunner.SourceName(source)))
        {
            string dir = Path.Combine(root, folder);
            if (!Directory.Exists(dir))
            {
                continue;
            }
            foreach (string file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (!IsBuildOutput(relative))
                {
                    Append(text, relative, file);
                }
            }
        }
        foreach (string name in s_files)
        {
            Append(text, name, Path.Combine(root, name));
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Whether the last successful build against <paramref name="source"/> had these inputs.</summary>
    public static bool Unchanged(string root, KataSource source, string fingerprint) => Read(root, source, "build") == fingerprint;

    /// <summary>Whether the last successful build against <paramref name="source"/> had these restore inputs.</summary>
    public static bool RestoreUnchanged(string root, KataSource source, string fingerprint) => Read(root, source, "restore") == fingerprint;

    /// <summary>Remembers the inputs of a successful build, and those of its restore.</summary>
    public static void Remember(string root, KataSource source, string fingerprint, string restore)
    {
        CacheFolder.EnsureIgnored(root);
        File.WriteAllText(StatePath(root, source, "build"), fingerprint);
        File.WriteAllText(StatePath(root, source, "restore"), restore);
    }

    /// <summary>Forgets the last build, so the next one runs in full for sure (after a failed build, say).</summary>
    public static void Forget(string root, KataSource source)
    {
        if (!Directory.Exists(CacheFolder.PathFor(root)))
        {
            return; // nothing remembered yet (a fresh clone whose first build failed)
        }
        File.Delete(StatePath(root, source, "build"));
        File.Delete(StatePath(root, source, "restore"));
    }

    private static string? Read(string root, KataSource source, string what) =>
        File.Exists(StatePath(root, source, what)) ? File.ReadAllText(StatePath(root, source, what)).Trim() : null;

    private static string StatePath(string root, KataSource source, string what) =>
        Path.Combine(CacheFolder.PathFor(root), $"{what}-{TestHostRunner.SourceName(source)}.txt");

    private static bool IsBuildOutput(string relative)
    {
        string[] parts = relative.Split('/');
        return parts.Contains("bin") || parts.Contains("obj") || parts.Contains("TestResults");
    }

    private static void Append(StringBuilder text, string name, string path)
    {
        var info = new FileInfo(path);
        text.Append(name).Append('|');
        if (info.Exists)
        {
            text.Append(info.Length.ToString(CultureInfo.InvariantCulture)).Append('|')
                .Append(info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture));
        }
        text.Append('\n');
    }
}
