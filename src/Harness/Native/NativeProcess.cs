namespace Harness.Native;

/// <summary>
/// The one seam for what differs between operating systems when managing processes.
/// Each method dispatches to the platform's partial implementation.
/// </summary>
internal static partial class NativeProcess
{
    /// <summary>The signal number Python reports for <c>terminate()</c>.</summary>
    public const int SigTerm = 15;

    /// <summary>The signal number Python reports for <c>kill()</c>.</summary>
    public const int SigKill = 9;

    /// <summary>Asks a process to end (SIGTERM on Unix, TerminateProcess on Windows).</summary>
    /// <returns>false when the process no longer exists.</returns>
    public static bool Terminate(System.Diagnostics.Process process) =>
        OperatingSystem.IsWindows() ? TerminateWindows(process) : TerminateUnix(process.Id);

    /// <summary>Ends this process at once: no finalizers, no exit handlers, no flushing.</summary>
    public static void ExitNow(int exitCode)
    {
        if (!OperatingSystem.IsWindows())
        {
            ExitNowUnix(exitCode);
        }
        Environment.FailFast(null);
    }

    /// <summary>Whether a process with this id exists and has not yet ended (a zombie counts as ended).</summary>
    public static bool IsRunning(int pid) =>
        OperatingSystem.IsWindows() ? IsRunningWindows(pid) : IsRunningUnix(pid);

    /// <summary>
    /// When a process started, as a number that differs between two processes that had the same
    /// id one after the other (Linux: clock ticks since boot; elsewhere <see cref="DateTime.Ticks"/>
    /// of its start); 0 when no such process runs. With the pid it names one process for good.
    /// </summary>
    public static long StartTimeOf(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            return StartTimeLinux(pid);
        }
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return p.HasExited ? 0 : p.StartTime.Ticks;
        }
        catch (ArgumentException)
        {
            return 0; // no such process
        }
        catch (InvalidOperationException)
        {
            return 0; // it exited while we looked
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1; // it runs, but its start time is not ours to read: "running, start unknown"
        }
    }

    /// <summary>This process's <see cref="StartTimeOf"/>, read once.</summary>
    public static long MyStartTime { get; } = StartTimeOf(Environment.ProcessId);

    /// <summary>
    /// Whether the process that had <paramref name="pid"/> and started at <paramref name="startTime"/>
    /// still runs: false once it has ended, also when its pid now belongs to another process.
    /// </summary>
    /// <param name="pid">The process id recorded with the start time.</param>
    /// <param name="startTime">Its <see cref="StartTimeOf"/>; 0 when it wasn't recorded, which checks the pid alone.</param>
    public static bool IsSameProcessRunning(int pid, long startTime)
    {
        long now = StartTimeOf(pid);
        return now != 0 && (startTime == 0 || now == -1 || now == startTime);
    }
}
