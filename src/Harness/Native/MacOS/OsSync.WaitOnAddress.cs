using System.Runtime.InteropServices;

namespace Harness.Native;

internal static unsafe partial class OsSync
{
    /// <summary><c>os_sync_wait_on_address(addr, value, size, flags)</c>: sleeps while *addr == value, with no limit.</summary>
    [LibraryImport(LibSystem, EntryPoint = "os_sync_wait_on_address", SetLastError = true)]
    internal static partial int WaitOnAddress(void* address, ulong value, nuint size, uint flags);
}
