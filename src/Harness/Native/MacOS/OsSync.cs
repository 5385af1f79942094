using System.Runtime.InteropServices;

namespace Harness.Native;

/// <summary>
/// macOS 14.4's os_sync wait-on-address functions, looked up in libSystem at run time: the
/// harness also runs on older macOS, where they don't exist and the polling back-end is used.
/// One file per function; this one finds them.
/// </summary>
internal static unsafe partial class OsSync
{
    /// <summary>OS_SYNC_WAIT_ON_ADDRESS_SHARED and OS_SYNC_WAKE_BY_ADDRESS_SHARED: the address is in memory other processes map.</summary>
    internal const uint Shared = 1;

    /// <summary>OS_CLOCK_MACH_ABSOLUTE_TIME, the only clock the timeout accepts.</summary>
    internal const uint MachAbsoluteTime = 32;

    // macOS errno values.
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int ENOMEM = 12;
    internal const int EFAULT = 14;
    internal const int ETIMEDOUT = 60;

    /// <summary>True when all three functions were found (macOS 14.4 and later).</summary>
    internal static bool TryResolve()
    {
        if (!NativeLibrary.TryLoad("/usr/lib/libSystem.B.dylib", out nint lib))
        {
            return false;
        }
        return NativeLibrary.TryGetExport(lib, "os_sync_wait_on_address_with_timeout", out s_waitWithTimeout)
            && NativeLibrary.TryGetExport(lib, "os_sync_wait_on_address", out s_wait)
            && NativeLibrary.TryGetExport(lib, "os_sync_wake_by_address_any", out s_wakeAny)
            && NativeLibrary.TryGetExport(lib, "os_sync_wake_by_address_all", out s_wakeAll);
    }
}
