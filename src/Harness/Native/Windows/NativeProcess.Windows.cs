namespace Harness.Native;

internal static partial class NativeProcess
{
    private static bool TerminateWindows(System.Diagnostics.Process process)
    {
        // Windows has no SIGTERM: TerminateProcess is what Python's terminate() calls there too.
        try
        {
            process.Kill();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsRunningWindows(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
