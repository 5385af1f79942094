using System.Runtime.InteropServices;

namespace Harness.Native;

internal static unsafe partial class LibC
{
    /// <summary>
    /// <c>syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3)</c>: glibc has no futex()
    /// wrapper. The arguments are all integers or pointers, which x86-64 and arm64 pass to a
    /// variadic function exactly as to a fixed one.
    /// </summary>
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    internal static partial long SyscallFutex(long number, int* uaddr, int op, int val, TimeSpec* timeout, int* uaddr2, int val3);

    /// <summary>struct timespec on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
