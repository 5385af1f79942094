namespace Harness.Native;

internal static unsafe partial class OsSync
{
    private static nint s_wait;

    /// <summary><c>os_sync_wait_on_address(addr, value, size, flags)</c>: sleeps while *addr == value, with no limit.</summary>
    internal static int WaitOnAddress(void* address, ulong value, nuint size, uint flags) =>
        ((delegate* unmanaged<void*, ulong, nuint, uint, int>)s_wait)(address, value, size, flags);
}
