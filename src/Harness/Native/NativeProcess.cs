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
}
