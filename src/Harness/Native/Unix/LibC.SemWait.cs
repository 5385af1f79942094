using System.Runtime.InteropServices;

namespace Harness.Native;

internal static unsafe partial class LibC
{
    /// <summary><c>sem_wait(sem)</c>: waits until the semaphore is above zero and takes one.</summary>
    [LibraryImport("libc", EntryPoint = "sem_wait", SetLastError = true)]
    internal static partial int SemWait(void* sem);
}
