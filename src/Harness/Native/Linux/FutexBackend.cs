using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Harness.Native;

/// <summary>
/// Linux: the futex system call on the shared mapping. Without FUTEX_PRIVATE_FLAG the kernel
/// keys the wait on the page and offset, not the virtual address, so a process that maps the
/// segment elsewhere still meets the same waiters. FUTEX_WAIT's relative timeout runs on
/// CLOCK_MONOTONIC: a clock step can neither shorten nor stretch a wait.
/// </summary>
internal sealed unsafe class FutexBackend : WaitBackend
{
    private const int FutexWait = 0;
    private const int FutexWake = 1;

    private static readonly long s_sysFutex = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 202,
        Architecture.Arm64 or Architecture.LoongArch64 or Architecture.RiscV64 => 98,
        Architecture.X86 => 240,
        Architecture.Arm => 240,
        _ => throw new PlatformNotSupportedException($"The futex system call number of {RuntimeInformation.ProcessArchitecture} is not known; set {Variable}=portable."),
    };

    public override string Name => "native";

    public override void Wait(WaitWord word, int expected, int millisecondsTimeout)
    {
        if (millisecondsTimeout == 0)
        {
            return;
        }
        var ts = new LibC.TimeSpec { Seconds = millisecondsTimeout / 1000, Nanoseconds = millisecondsTimeout % 1000 * 1_000_000L };
        long rc = LibC.SyscallFutex(s_sysFutex, word.Address, FutexWait, expected, millisecondsTimeout < 0 ? null : &ts, null, 0);
        if (rc != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            // EAGAIN: the word had already changed; ETIMEDOUT; EINTR: a signal. Each is an
            // ordinary return: the caller looks at the state again.
            if (errno is not (LibC.EAGAIN or LibC.ETIMEDOUT or LibC.EINTR))
            {
                throw new Win32Exception(errno, "futex(FUTEX_WAIT) failed");
            }
        }
    }

    public override void Wake(WaitWord word, int count)
    {
        if (LibC.SyscallFutex(s_sysFutex, word.Address, FutexWake, count, null, null, 0) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "futex(FUTEX_WAKE) failed");
        }
    }
}
