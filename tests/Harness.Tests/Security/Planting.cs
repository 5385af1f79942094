using System.Diagnostics;
using Harness.Native;

namespace Harness.Tests.Security;

/// <summary>
/// Plants files, folders and links as another user of a shared machine would: owned by
/// <c>nobody</c> (uid 65534), at the names the harness might use. Changing a file's owner
/// needs root, so the tests that use it are skipped elsewhere (CI runs as root).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class Planting
{
    public const int Nobody = 65534;

    public static bool CanPlant => OperatingSystem.IsLinux() && FileTrust.UserId == 0;

    public const string NeedsRoot = "Planting a file as another user needs root (chown) on Linux.";

    /// <summary>A runtime config that would stop any child using it from starting, and name a startup hook.</summary>
    public const string HostileRuntimeConfig =
        "{\"runtimeOptions\":{\"tfm\":\"net10.0\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"99.0.0\"}," +
        "\"configProperties\":{\"STARTUP_HOOKS\":\"/nonexistent/Evil.dll\"}}}";

    /// <summary>A folder shaped like /tmp: everyone may create names in it (mode 1777).</summary>
    public static string NewSharedFolder()
    {
        string path = Directory.CreateTempSubdirectory("harness-plant-").FullName;
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("1777", 8));
        return path;
    }

    /// <summary>Gives <paramref name="path"/> (the link itself, for a link) to <c>nobody</c>.</summary>
    public static void GiveToNobody(string path) => Run("chown", "-h", $"{Nobody}:{Nobody}", path);

    public static void Chmod(string path, string octal) => File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octal, 8));

    /// <summary>Writes a file owned by nobody, mode 0666.</summary>
    public static void PlantFile(string path, string content)
    {
        File.WriteAllText(path, content);
        Chmod(path, "666");
        GiveToNobody(path);
    }

    /// <summary>Makes a folder owned by nobody, mode 0777.</summary>
    public static void PlantFolder(string path)
    {
        Directory.CreateDirectory(path);
        Chmod(path, "777");
        GiveToNobody(path);
    }

    /// <summary>Makes a symbolic link owned by nobody.</summary>
    public static void PlantLink(string path, string target)
    {
        File.CreateSymbolicLink(path, target);
        GiveToNobody(path);
    }

    /// <summary>Runs a command as <c>nobody</c>; returns its exit code and output.</summary>
    public static (int Code, string Output) RunAsNobody(params string[] command) =>
        Run(["runuser", "-u", "nobody", "--", .. command], check: false);

    public static void DeleteTree(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Run(params string[] command) => Run(command, check: true);

    private static (int, string) Run(string[] command, bool check)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in command[1..])
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit(60_000).Should().BeTrue($"{command[0]} should finish");
        string output = stdout.Result + stderr.Result;
        if (check)
        {
            p.ExitCode.Should().Be(0, $"{string.Join(' ', command)} should succeed; it printed: {output}");
        }
        return (p.ExitCode, output);
    }
}
