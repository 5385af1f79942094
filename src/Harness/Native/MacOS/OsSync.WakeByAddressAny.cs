namespace Harness.Native;

internal static unsafe partial class OsSync
{
    private static nint s_wakeAny;

    /// <summary><c>os_sync_wake_by_address_any(addr, size, flags)</c>: wakes one sleeper; -1 with ENOENT when there was none.</summary>
    internal static int WakeByAddressAny(void* address, nuint size, uint flags) =>
        ((delegate* unmanaged<void*, nuint, uint, int>)s_wakeAny)(address, size, flags);
}
