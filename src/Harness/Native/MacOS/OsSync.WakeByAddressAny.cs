using System.Runtime.InteropServices;

namespace Harness.Native;

internal static unsafe partial class OsSync
{
    /// <summary><c>os_sync_wake_by_address_any(addr, size, flags)</c>: wakes one sleeper; -1 with ENOENT when there was none.</summary>
    [LibraryImport(LibSystem, EntryPoint = "os_sync_wake_by_address_any", SetLastError = true)]
    internal static partial int WakeByAddressAny(void* address, nuint size, uint flags);
}
