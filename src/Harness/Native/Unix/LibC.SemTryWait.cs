using System.Runtime.InteropServices;

namespace Harness.Native;

internal static unsafe partial class LibC
{
    /// <summary><c>sem_trywait(sem)</c>: takes one if the semaphore is above zero, else fails with EAGAIN.</summary>
    [LibraryImport("libc", EntryPoint = "sem_trywait", SetLastError = true)]
    internal static partial int SemTryWait(void* sem);
}
