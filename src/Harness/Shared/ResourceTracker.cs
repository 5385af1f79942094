using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Harness.Shared;

/// <summary>
/// Removes the shared segments of a process tree once the tree is gone, however it ended.
/// </summary>
/// <remarks>
/// Why: a segment is a file in /dev/shm, which outlives every process unless someone deletes
/// it. The creator deletes it on Dispose, but a process killed with SIGKILL deletes nothing, and
/// a value that was never disposed leaks until reboot. CPython answers with resource_tracker.py,
/// a helper process that unlinks what its clients registered once they are all gone.
///
/// Ours needs no registration. The first process of a tree that creates a segment picks a
/// random tree id, and every segment of the tree is named <c>mp-&lt;tree&gt;-&lt;random&gt;</c>;
/// children inherit the id through the environment. The tracker is a tiny shell whose standard
/// input is a pipe from that first process: when the process ends (SIGKILL included) the pipe
/// reaches end of file, and the shell deletes <c>mp-&lt;tree&gt;-*</c>. Children end with their
/// parent (they watch their own standard input), and a file unlinked while still mapped stays
/// valid for whoever maps it, so nothing in use is lost. The named shared memory blocks the
/// tree created and never unlinked (SharedMemory's list of "+ NAME" and "- NAME" lines) go too.
///
/// Whatever stops the tree must not stop the tracker too. Tools that stop a run kill the whole
/// process tree (.NET's Process.Kill(entireProcessTree), a CI runner's cancel), or signal the
/// whole process group (Ctrl+C, coreutils' timeout). So the tracker leaves both: the shell
/// that is started forks it into the background and exits (the tracker is then nobody's child
/// in the tree), <c>setsid</c> puts it in a session of its own where the OS has that command,
/// and it ignores SIGINT, SIGHUP and SIGTERM. Only a SIGKILL aimed at it by pid stops it.
/// Windows needs no tracker: a named section, like the named semaphores sleepers wait on there,
/// vanishes with its last handle, which the kernel closes when a process ends (TerminateProcess included).
/// </remarks>
internal static class ResourceTracker
{
    /// <summary>Inherited by children: "&lt;tree id&gt;.&lt;tracker pid&gt;".</summary>
    internal const string TreeVariable = "HARNESS_SHM_TREE";

    private static readonly Lock s_gate = new();
    private static string? s_tree;
    private static Process? s_tracker;
    private static int? s_trackerPid;

    /// <summary>Where segments live (<see cref="SharedSegment.Directory"/>): what the tracker sweeps.</summary>
    public static string Directory => SharedSegment.Directory;

    /// <summary>This tree's id, starting the tracker on first use.</summary>
    public static string Tree
    {
        get
        {
            lock (s_gate)
            {
                return s_tree ??= Inherited() ?? StartTracker();
            }
        }
    }

    public static string PathOf(string segmentName) => SharedSegment.PathOf(segmentName);

    /// <summary>The tracker's process id, or null when this process uses a tree its parent tracks.</summary>
    internal static int? TrackerPid => s_trackerPid;

    /// <summary>
    /// For tests of the tracker itself: makes this process the root of a new tree with its own
    /// tracker, as if it had been started from a shell.
    /// </summary>
    internal static void StartNewTree()
    {
        lock (s_gate)
        {
            s_tree = StartTracker();
        }
    }

    /// <summary>The tree of an ancestor whose tracker still runs, or null.</summary>
    private static string? Inherited()
    {
        string? value = Environment.GetEnvironmentVariable(TreeVariable);
        if (value?.Split('.') is [{ Length: 16 } tree, var pidText]
            && tree.All(char.IsAsciiHexDigitLower)
            && int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            && Native.NativeProcess.IsRunning(pid))
        {
            return tree;
        }
        return null;
    }

    private static string StartTracker()
    {
        string tree = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        if (OperatingSystem.IsWindows())
        {
            return tree;
        }
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        // $1 and $2 are passed as arguments, never spliced into the script. The starter keeps
        // the pipe (fd 3) for the tracker, prints the tracker's pid on its own stdout (fd 4)
        // and exits; the tracker's stdout and stderr are /dev/null, so that it never holds open
        // a pipe that someone reads to its end (a test runner reading this process's output).
        info.ArgumentList.Add("-c");
        // The tracker's own script is passed as $3, so it needs no quoting inside the starter's.
        info.ArgumentList.Add(
            "trap '' INT HUP TERM; exec 3<&0 4>&1 </dev/null >/dev/null 2>&1; " +
            "if command -v setsid >/dev/null; then setsid /bin/sh -c \"$3\" harness-tracker \"$1\" \"$2\" <&3 3<&- 4>&- & " +
            "else /bin/sh -c \"$3\" harness-tracker \"$1\" \"$2\" <&3 3<&- 4>&- & fi; " +
            "echo $! >&4");
        info.ArgumentList.Add("harness-tracker");
        info.ArgumentList.Add(Directory);
        info.ArgumentList.Add(tree);
        // At the end, before the tree's own files go: the named shared memory blocks the tree
        // created and never unlinked (NamedMemoryRegistry's list of "+ NAME" and "- NAME" lines).
        info.ArgumentList.Add("trap '' INT HUP TERM; cat >/dev/null; l=\"$1/mp-$2-names\"; live=' '; " +
            "if [ -f \"$l\" ]; then while read -r op n; do case $op in +) live=\"$live$n \";; " +
            "-) case $live in *\" $n \"*) live=\"${live%%\" $n \"*} ${live#*\" $n \"}\";; esac;; esac; done < \"$l\"; fi; " +
            "for n in $live; do rm -f -- \"$1/$n\"; done; rm -f -- \"$1\"/mp-\"$2\"-*");
        // Children must not join the tree of a tracker that may not exist yet.
        info.Environment.Remove(TreeVariable);
        var starter = Process.Start(info)
            ?? throw new InvalidOperationException("Could not start the shared-memory tracker (/bin/sh).");
        string? pidLine = starter.StandardOutput.ReadLine();
        starter.WaitForExit();
        if (!int.TryParse(pidLine, NumberStyles.None, CultureInfo.InvariantCulture, out int trackerPid))
        {
            throw new InvalidOperationException($"The shared-memory tracker did not start (/bin/sh printed '{pidLine}' for its pid).");
        }
        // Kept in a static field for the life of the process: the pipe's write end must stay
        // open until this process ends, and closes by itself then.
        s_tracker = starter;
        s_trackerPid = trackerPid;
        Environment.SetEnvironmentVariable(TreeVariable, $"{tree}.{trackerPid.ToString(CultureInfo.InvariantCulture)}");
        return tree;
    }
}
