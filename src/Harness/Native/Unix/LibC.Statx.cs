using System.Runtime.InteropServices;

namespace Harness.Native;

internal static unsafe partial class LibC
{
    internal const int AT_FDCWD = -100;
    internal const int AT_SYMLINK_NOFOLLOW = 0x100;
    internal const int AT_EMPTY_PATH = 0x1000;
    internal const uint STATX_BASIC_STATS = 0x7ff;

    /// <summary>
    /// <c>struct statx</c>'s leading fields. Unlike <c>struct stat</c>, its layout is the same on
    /// every Linux architecture, so one declaration serves x64 and arm64 alike.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    internal struct StatxBuffer
    {
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(136)] public uint DeviceMajor;
        [FieldOffset(140)] public uint DeviceMinor;
    }

    /// <summary><c>statx(dirfd, path, flags, mask, buf)</c> (Linux 4.11, glibc 2.28).</summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int dirfd, string path, int flags, uint mask, StatxBuffer* buffer);
}
