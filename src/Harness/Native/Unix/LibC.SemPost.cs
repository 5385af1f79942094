using System.Runtime.InteropServices;

namespace Harness.Native;

internal static unsafe partial class LibC
{
    /// <summary><c>sem_post(sem)</c>: adds one to the semaphore, waking one waiter.</summary>
    [LibraryImport("libc", EntryPoint = "sem_post", SetLastError = true)]
    internal static partial int SemPost(void* sem);
}
