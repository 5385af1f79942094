using System.Runtime.InteropServices;

namespace Harness.Native;

/// <summary>
/// macOS 14.4's os_sync wait-on-address functions. The harness also runs on older macOS, where
/// they don't exist: <see cref="TryResolve"/> looks for them in libSystem at run time, and only
/// then are they called (a missing entry point fails at the first call, not at load).
/// One file per function; this one finds them.
/// </summary>
internal static unsafe partial class OsSync
{
    /// <summary>OS_SYNC_WAIT_ON_ADDRESS_SHARED and OS_SYNC_WAKE_BY_ADDRESS_SHARED: the address is in memory other processes map.</summary>
    internal const uint Shared = 1;

    private const string LibSystem = "/usr/lib/libSystem.B.dylib";

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
        return NativeLibrary.TryLoad(LibSystem, out nint lib)
            && NativeLibrary.TryGetExport(lib, "os_sync_wait_on_address_with_timeout", out _)
            && NativeLibrary.TryGetExport(lib, "os_sync_wait_on_address", out _)
            && NativeLibrary.TryGetExport(lib, "os_sync_wake_by_address_any", out _)
            && NativeLibrary.TryGetExport(lib, "os_sync_wake_by_address_all", out _);
    }
}
