using System.Runtime.InteropServices;

namespace Harness.Native;

internal static unsafe partial class LibC
{
    /// <summary>
    /// <c>sem_init(sem, pshared, value)</c>: a semaphore living in memory that several processes
    /// map. With pshared = 1 glibc keys the wait on the memory itself (a shared futex), so no
    /// kernel object and no name exist besides the shared file: removing the file removes it.
    /// </summary>
    [LibraryImport("libc", EntryPoint = "sem_init", SetLastError = true)]
    internal static partial int SemInit(void* sem, int pshared, uint value);
}
