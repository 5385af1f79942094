using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Harness.Native;

// UNTESTED here: written for macOS 14.4+ and run only by the macOS job of ci.yml.
/// <summary>
/// macOS 14.4+: os_sync_wait_on_address with the shared flag, which keys the wait on the
/// memory object rather than the address, so sleepers in other processes are found.
/// </summary>
internal sealed unsafe class OsSyncBackend : WaitBackend
{
    private OsSyncBackend()
    {
    }

    public override string Name => "native";

    /// <summary>The back-end, or null on a macOS that lacks the functions (before 14.4).</summary>
    public static OsSyncBackend? TryCreate() => OsSync.TryResolve() ? new OsSyncBackend() : null;

    public override void Wait(WaitWord word, int expected, int millisecondsTimeout)
    {
        if (millisecondsTimeout == 0)
        {
            return;
        }
        int rc = millisecondsTimeout < 0
            ? OsSync.WaitOnAddress(word.Address, (uint)expected, 4, OsSync.Shared)
            : OsSync.WaitOnAddressWithTimeout(word.Address, (uint)expected, 4, OsSync.Shared, OsSync.MachAbsoluteTime, (ulong)millisecondsTimeout * 1_000_000);
        if (rc < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            // ETIMEDOUT; EINTR (a signal or a spurious wake-up); ENOMEM and EFAULT, which Apple
            // documents as transient: each returns, and the caller reads the word again.
            if (errno is not (OsSync.ETIMEDOUT or OsSync.EINTR or OsSync.ENOMEM or OsSync.EFAULT))
            {
                throw new Win32Exception(errno, "os_sync_wait_on_address failed");
            }
        }
    }

    public override void Wake(WaitWord word, int count)
    {
        int rc = count == 1
            ? OsSync.WakeByAddressAny(word.Address, 4, OsSync.Shared)
            : OsSync.WakeByAddressAll(word.Address, 4, OsSync.Shared);
        // ENOENT: nobody was asleep on the word, the usual case for a wake-up that raced a waiter's check.
        if (rc < 0 && Marshal.GetLastPInvokeError() is var errno && errno != OsSync.ENOENT)
        {
            throw new Win32Exception(errno, "os_sync_wake_by_address failed");
        }
    }
}
