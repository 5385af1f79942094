using System.Runtime.InteropServices;

namespace Harness.Native;

internal static unsafe partial class OsSync
{
    /// <summary>
    /// <c>os_sync_wait_on_address_with_timeout(addr, value, size, flags, clockid, timeout_ns)</c>:
    /// sleeps while *addr == value, at most timeout_ns (relative, never 0). -1 and errno on error or timeout.
    /// Call only after <see cref="TryResolve"/> found it (macOS 14.4+).
    /// </summary>
    [LibraryImport(LibSystem, EntryPoint = "os_sync_wait_on_address_with_timeout", SetLastError = true)]
    internal static partial int WaitOnAddressWithTimeout(void* address, ulong value, nuint size, uint flags, uint clock, ulong timeoutNs);
}
