using System.Runtime.InteropServices;

namespace Harness.Native;

internal static unsafe partial class LibC
{
    /// <summary>struct timespec on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary><c>sem_timedwait(sem, abstime)</c>: waits until the semaphore is above zero or the CLOCK_REALTIME deadline passes.</summary>
    [LibraryImport("libc", EntryPoint = "sem_timedwait", SetLastError = true)]
    internal static partial int SemTimedWait(void* sem, TimeSpec* absoluteTimeout);
}
