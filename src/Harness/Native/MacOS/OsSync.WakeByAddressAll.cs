namespace Harness.Native;

internal static unsafe partial class OsSync
{
    private static nint s_wakeAll;

    /// <summary><c>os_sync_wake_by_address_all(addr, size, flags)</c>: wakes every sleeper; -1 with ENOENT when there was none.</summary>
    internal static int WakeByAddressAll(void* address, nuint size, uint flags) =>
        ((delegate* unmanaged<void*, nuint, uint, int>)s_wakeAll)(address, size, flags);
}
