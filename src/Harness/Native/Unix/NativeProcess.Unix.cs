using System.Runtime.InteropServices;

namespace Harness.Native;

internal static partial class NativeProcess
{
    private const int ESRCH = 3;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void SysExit(int status);

    private static bool TerminateUnix(int pid)
    {
        if (SysKill(pid, SigTerm) == 0)
        {
            return true;
        }
        int errno = Marshal.GetLastPInvokeError();
        // ESRCH: the process has already ended and been reaped; Python treats this as a no-op too.
        if (errno == ESRCH)
        {
            return false;
        }
        throw new System.ComponentModel.Win32Exception(errno, $"kill({pid}, SIGTERM) failed");
    }

    private static void ExitNowUnix(int exitCode) => SysExit(exitCode);

    private static bool IsRunningUnix(int pid)
    {
        // /proc tells zombies apart from live processes; kill(pid, 0) does not.
        string stat = $"/proc/{pid}/stat";
        if (OperatingSystem.IsLinux())
        {
            try
            {
                string text = File.ReadAllText(stat);
                int close = text.LastIndexOf(')');
                char state = close >= 0 && close + 2 < text.Length ? text[close + 2] : '?';
                return state is not ('Z' or 'X' or 'x');
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return true;
            }
        }
        return SysKill(pid, 0) == 0 || Marshal.GetLastPInvokeError() != ESRCH;
    }
}
