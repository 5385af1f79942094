using System.Globalization;
using Harness.Native;

namespace Harness.Processes;

/// <summary>
/// The folder where the harness keeps the files it needs beside a running program (a written
/// runtime config, pool sockets): this user's alone, checked before use, so another user of a
/// shared machine can neither read them nor plant something the harness would trust.
/// </summary>
/// <remarks>
/// On Linux: <c>$XDG_RUNTIME_DIR/harness</c> when that variable names this user's private folder
/// (mode 0700, as the XDG spec requires), else <c>harness-&lt;uid&gt;</c> in the temp folder. Either
/// is created with mode 0700 if missing and then checked with <c>lstat</c>: a real folder, not a
/// symbolic link, owned by this user, closed to everyone else. A name that fails the check was
/// made by someone else: it is left alone, a one-line warning says why, and the harness uses a
/// folder it creates for this run (<c>mkdtemp</c>: exclusive, random, 0700), removed at exit.
/// Where owners can't be checked (macOS, Windows) the harness always uses such a folder.
/// </remarks>
internal static class PrivateFolder
{
    private static readonly Lazy<string> s_path = new(() =>
        Resolve(Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"), System.IO.Path.GetTempPath(), Warn));

    private static readonly List<string> s_warnings = [];

    /// <summary>The folder's path, resolved on first use.</summary>
    public static string Path => s_path.Value;

    /// <summary>What was refused while resolving, for tests.</summary>
    internal static IReadOnlyList<string> Warnings
    {
        get
        {
            lock (s_warnings)
            {
                return [.. s_warnings];
            }
        }
    }

    private static void Warn(string message)
    {
        lock (s_warnings)
        {
            s_warnings.Add(message);
        }
        Console.Error.WriteLine(message);
    }

    /// <summary>Picks, creates and checks the folder.</summary>
    /// <param name="runtimeDir">The value of XDG_RUNTIME_DIR, or null.</param>
    /// <param name="tempDir">The temp folder (TMPDIR or /tmp).</param>
    /// <param name="warn">Told, in one sentence each, of every place refused.</param>
    internal static string Resolve(string? runtimeDir, string tempDir, Action<string> warn)
    {
        if (!FileTrust.Supported)
        {
            return MadeForThisRun(tempDir);
        }
        string uid = FileTrust.UserId.ToString(CultureInfo.InvariantCulture);
        string? runtimeProblem = string.IsNullOrEmpty(runtimeDir) ? null
            : !System.IO.Path.IsPathFullyQualified(runtimeDir) ? "it is not an absolute path"
            : FileTrust.WhyNotPrivateFolder(runtimeDir);
        string candidate;
        if (!string.IsNullOrEmpty(runtimeDir) && runtimeProblem is null)
        {
            candidate = System.IO.Path.Combine(runtimeDir, "harness");
        }
        else
        {
            if (runtimeProblem is not null)
            {
                warn($"harness: ignoring XDG_RUNTIME_DIR='{runtimeDir}': {runtimeProblem}.");
            }
            candidate = System.IO.Path.Combine(tempDir, $"harness-{uid}");
        }
        // Created with mode 0700 if missing; if the name exists (whoever made it), the check below decides.
        _ = LibC.MkDir(candidate, 0x1C0);
        if (FileTrust.WhyNotPrivateFolder(candidate) is { } problem)
        {
            string fresh = MadeForThisRun(tempDir);
            warn($"harness: refusing '{candidate}': {problem}. Using '{fresh}', made for this run, instead.");
            return fresh;
        }
        return candidate;
    }

    /// <summary>A new folder with a random name, created exclusively with mode 0700 and removed at exit.</summary>
    private static string MadeForThisRun(string tempDir)
    {
        string path;
        if (OperatingSystem.IsWindows())
        {
            path = Directory.CreateTempSubdirectory("harness-").FullName;
        }
        else
        {
            string prefix = "harness-" + FileTrust.UserId.ToString(CultureInfo.InvariantCulture) + "-";
            for (int attempt = 1; ; attempt++)
            {
                path = System.IO.Path.Combine(tempDir, prefix + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)));
                // mkdir fails on any existing name, a planted link included: success means ours.
                if (LibC.MkDir(path, 0x1C0 /* 0700 */) == 0)
                {
                    break;
                }
                int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (errno != LibC.EEXIST || attempt == 8)
                {
                    throw new IOException($"The harness could not create a private folder in '{tempDir}' (errno {errno}).");
                }
            }
            if (FileTrust.Supported && FileTrust.WhyNotPrivateFolder(path) is { } problem)
            {
                throw new UnauthorizedAccessException($"The folder '{path}' the harness just created is not private: {problem}.");
            }
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(path);
        return path;
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
