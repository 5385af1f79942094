using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Harness.Processes;

/// <summary>
/// Builds the command line that starts a child: the dotnet host running Harness.dll under the
/// app's own runtimeconfig and deps files, so the child resolves the job's assembly and its
/// dependencies from the same places the parent did (a test host and a console app alike).
/// </summary>
internal static class ChildLauncher
{
    private static readonly Lazy<(string Host, string[] Args)> s_command = new(FindCommand);

    /// <param name="inlineJob">The job in base64 when it is small enough for the command line; else null.</param>
    /// <param name="extraEnvironment">Variables for the child on top of the parent's, or null.</param>
    /// <param name="spare">Start a spare, which waits for its job on standard input (<see cref="SpareChildren"/>).</param>
    public static ProcessStartInfo CreateStartInfo(string? inlineJob, IReadOnlyDictionary<string, string>? extraEnvironment = null, bool spare = false)
    {
        var (host, args) = s_command.Value;
        var info = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = new System.Text.UTF8Encoding(false),
            StandardErrorEncoding = new System.Text.UTF8Encoding(false),
            CreateNoWindow = true,
            // Named rather than inherited, so a spare's folder is exactly the one it is checked against.
            WorkingDirectory = Environment.CurrentDirectory,
        };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.ArgumentList.Add(spare ? ChildEntry.SpareFlag : ChildEntry.Flag);
        if (inlineJob is not null)
        {
            info.ArgumentList.Add(inlineJob);
        }
        // A job runs to completion once; tiered PGO's instrumentation only slows a short life.
        info.Environment["DOTNET_TieredPGO"] = "0";
        foreach (var (key, value) in extraEnvironment ?? s_noExtra)
        {
            info.Environment[key] = value;
        }
        return info;
    }

    private static readonly Dictionary<string, string> s_noExtra = [];

    private static (string, string[]) FindCommand()
    {
        string harness = typeof(ChildLauncher).Assembly.Location;
        if (string.IsNullOrEmpty(harness))
        {
            throw new InvalidOperationException("Harness.dll has no file location (single-file publish?), so a child process can't be started from it.");
        }
        var args = new List<string> { "exec" };
        if (FindRuntimeConfig() is { } config)
        {
            args.AddRange(["--runtimeconfig", config]);
        }
        if (FindAppDeps() is { } deps)
        {
            args.AddRange(["--depsfile", deps]);
        }
        args.Add(harness);
        return (FindHost(), [.. args]);
    }

    /// <summary>
    /// For tests: ignore the app's own runtimeconfig.json, as when the entry assembly has none
    /// beside it, so that the written one is used.
    /// </summary>
    internal static bool IgnoreAppRuntimeConfig { get; set; }

    /// <summary>The app's runtimeconfig.json; else one written for the running framework.</summary>
    private static string? FindRuntimeConfig()
    {
        string? entry = Assembly.GetEntryAssembly()?.Location;
        if (!string.IsNullOrEmpty(entry) && !IgnoreAppRuntimeConfig)
        {
            string config = Path.ChangeExtension(entry, ".runtimeconfig.json");
            if (File.Exists(config))
            {
                return config;
            }
        }
        return WriteRuntimeConfig(PrivateFolder.Path);
    }

    /// <summary>
    /// Writes a runtime config for the running framework into <paramref name="folder"/>, this
    /// user's private folder, and returns its path. A runtime config decides how a child starts
    /// (startup hooks, probing paths), so it is written afresh by every process that needs it,
    /// never taken from a shared folder where another user could have put one first.
    /// </summary>
    internal static string WriteRuntimeConfig(string folder)
    {
        var v = Environment.Version;
        string path = Path.Combine(folder, $"harness-{v}.runtimeconfig.json");
        string json = "{\"runtimeOptions\":{\"tfm\":\"net" + v.Major + "." + v.Minor +
            "\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + v + "\"}}}";
        // A new file under a random name, then renamed over the old: a child never reads half a file.
        string temp = $"{path}.{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}";
        using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(json));
        }
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>The app's deps.json, the first listed that is not the shared framework's.</summary>
    private static string? FindAppDeps()
    {
        string runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
        return (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(p => !p.StartsWith(runtimeDir, StringComparison.Ordinal) && File.Exists(p));
    }

    /// <summary>The dotnet host (muxer) that runs framework-dependent apps.</summary>
    private static string FindHost()
    {
        string exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == exe)
        {
            return self;
        }
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }
        // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet
        string root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        string candidate = Path.Combine(root, exe);
        return File.Exists(candidate) ? candidate : exe;
    }
}
