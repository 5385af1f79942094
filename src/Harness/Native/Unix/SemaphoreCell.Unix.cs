using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Harness.Native;

internal sealed unsafe partial class SemaphoreCell
{
    private void CreateUnix(int initial)
    {
        if (!OperatingSystem.IsLinux())
        {
            // macOS has neither process-shared unnamed semaphores nor sem_timedwait.
            throw new PlatformNotSupportedException("Cross-process locks need Linux or Windows: this Unix lacks process-shared POSIX semaphores.");
        }
        if (LibC.SemInit(_cell, 1, (uint)initial) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "sem_init failed");
        }
    }

    private bool WaitUnix(int millisecondsTimeout)
    {
        if (millisecondsTimeout < 0)
        {
            while (LibC.SemWait(_cell) != 0)
            {
                ThrowUnlessInterrupted("sem_wait");
            }
            return true;
        }
        if (millisecondsTimeout == 0)
        {
            return TryWaitUnix();
        }
        // sem_timedwait wants an absolute CLOCK_REALTIME deadline; a clock step shortens or
        // lengthens one wait, which callers tolerate because they wait in slices.
        long deadline = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + millisecondsTimeout;
        var ts = new LibC.TimeSpec { Seconds = deadline / 1000, Nanoseconds = deadline % 1000 * 1_000_000 };
        while (LibC.SemTimedWait(_cell, &ts) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.ETIMEDOUT)
            {
                return false;
            }
            if (errno != LibC.EINTR)
            {
                throw new Win32Exception(errno, "sem_timedwait failed");
            }
        }
        return true;
    }

    private bool TryWaitUnix()
    {
        while (LibC.SemTryWait(_cell) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            // EAGAIN: the count is zero, the expected "no" of a non-blocking wait.
            if (errno == LibC.EAGAIN)
            {
                return false;
            }
            if (errno != LibC.EINTR)
            {
                throw new Win32Exception(errno, "sem_trywait failed");
            }
        }
        return true;
    }

    private void PostUnix()
    {
        if (LibC.SemPost(_cell) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "sem_post failed");
        }
    }

    private int ValueUnix()
    {
        int value;
        if (LibC.SemGetValue(_cell, &value) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "sem_getvalue failed");
        }
        return value;
    }

    private static void ThrowUnlessInterrupted(string function)
    {
        int errno = Marshal.GetLastPInvokeError();
        // EINTR: a signal arrived (the runtime uses some); the wait simply goes on.
        if (errno != LibC.EINTR)
        {
            throw new Win32Exception(errno, $"{function} failed");
        }
    }
}
