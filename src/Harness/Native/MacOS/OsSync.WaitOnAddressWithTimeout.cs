namespace Harness.Native;

internal static unsafe partial class OsSync
{
    private static nint s_waitWithTimeout;

    /// <summary>
    /// <c>os_sync_wait_on_address_with_timeout(addr, value, size, flags, clockid, timeout_ns)</c>:
    /// sleeps while *addr == value, at most timeout_ns (relative, never 0). -1 and errno on error or timeout.
    /// </summary>
    internal static int WaitOnAddressWithTimeout(void* address, ulong value, nuint size, uint flags, uint clock, ulong timeoutNs) =>
        ((delegate* unmanaged<void*, ulong, nuint, uint, uint, ulong, int>)s_waitWithTimeout)(address, value, size, flags, clock, timeoutNs);
}
