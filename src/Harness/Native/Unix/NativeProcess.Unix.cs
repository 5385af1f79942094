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

    /// <summary>Field 22 of /proc/&lt;pid&gt;/stat, the start time in clock ticks since boot; 0 for no process or a zombie.</summary>
    private static long StartTimeLinux(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
        // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
        int close = text.LastIndexOf(')');
        string[] fields = close < 0 ? [] : text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (the state), so field 22 is fields[19].
        if (fields.Length < 20 || fields[0] is "Z" or "X" or "x")
        {
            return 0;
        }
        return long.TryParse(fields[19], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long ticks) ? ticks : -1;
    }
}
