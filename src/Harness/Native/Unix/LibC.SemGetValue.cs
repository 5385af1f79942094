using System.Runtime.InteropServices;

namespace Harness.Native;

internal static unsafe partial class LibC
{
    /// <summary><c>sem_getvalue(sem, &amp;value)</c>: the semaphore's count at this instant.</summary>
    [LibraryImport("libc", EntryPoint = "sem_getvalue", SetLastError = true)]
    internal static partial int SemGetValue(void* sem, int* value);
}
