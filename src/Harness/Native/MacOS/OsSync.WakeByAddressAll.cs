using System.Runtime.InteropServices;

namespace Harness.Native;

internal static unsafe partial class OsSync
{
    /// <summary><c>os_sync_wake_by_address_all(addr, size, flags)</c>: wakes every sleeper; -1 with ENOENT when there was none.</summary>
    [LibraryImport(LibSystem, EntryPoint = "os_sync_wake_by_address_all", SetLastError = true)]
    internal static partial int WakeByAddressAll(void* address, nuint size, uint flags);
}
