using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Harness.Native;

/// <summary>
/// The checks the harness makes before it trusts a file or folder in a place where other users
/// can create names (/tmp, /dev/shm): it must be a real file or folder, not a symbolic link; it
/// must belong to the user this process runs as; and no other user may read or write it.
/// </summary>
/// <remarks>
/// The owner is read with <c>statx</c>, whose layout is the same on every Linux architecture.
/// Other systems have no such call with one layout; there the harness keeps its files in a
/// folder it creates itself with a random name (macOS's temp folder is per-user already), so
/// these checks report <see cref="Supported"/> false and are not used.
/// </remarks>
internal static class FileTrust
{
    private const int TypeMask = 0xF000;
    private const int TypeDirectory = 0x4000;
    private const int TypeRegular = 0x8000;
    private const int TypeLink = 0xA000;
    private const int ENOTDIR = 20;

    /// <summary>Whether owners can be checked on this OS.</summary>
    public static bool Supported => OperatingSystem.IsLinux();

    /// <summary>The user this process acts as.</summary>
    public static uint UserId => LibC.GetEUid();

    /// <summary>What <c>lstat</c> says of a name: its type bits, permission bits and owner.</summary>
    internal readonly record struct Entry(int Type, int Permissions, uint Owner, ulong Device, ulong Inode)
    {
        public bool IsLink => Type == TypeLink;
        public bool IsDirectory => Type == TypeDirectory;
        public bool IsRegular => Type == TypeRegular;
    }

    /// <summary>Describes the name itself (a link is not followed); null when nothing has that name.</summary>
    public static unsafe Entry? Lstat(string path)
    {
        LibC.StatxBuffer b;
        if (LibC.Statx(LibC.AT_FDCWD, path, LibC.AT_SYMLINK_NOFOLLOW, LibC.STATX_BASIC_STATS, &b) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            // ENOENT / ENOTDIR: no such name (or a parent is not a folder): nothing to trust.
            if (errno is LibC.ENOENT or ENOTDIR)
            {
                return null;
            }
            throw new IOException($"Could not inspect '{path}' (errno {errno}).");
        }
        return ToEntry(b);
    }

    /// <summary>Describes an open file.</summary>
    public static unsafe Entry Fstat(SafeFileHandle handle)
    {
        LibC.StatxBuffer b;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (LibC.Statx((int)handle.DangerousGetHandle(), "", LibC.AT_EMPTY_PATH, LibC.STATX_BASIC_STATS, &b) != 0)
            {
                throw new IOException($"Could not inspect an open file (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
        return ToEntry(b);
    }

    private static Entry ToEntry(in LibC.StatxBuffer b) =>
        new(b.Mode & TypeMask, b.Mode & 0xFFF, b.Uid, ((ulong)b.DeviceMajor << 32) | b.DeviceMinor, b.Inode);

    /// <summary>
    /// Why the folder at <paramref name="path"/> can't be trusted as this user's private folder,
    /// or null when it can: a real folder (not a link), owned by this user, closed to everyone else.
    /// </summary>
    public static string? WhyNotPrivateFolder(string path)
    {
        if (Lstat(path) is not { } e)
        {
            return "it does not exist";
        }
        if (e.IsLink)
        {
            return "it is a symbolic link, which another user may have planted";
        }
        if (!e.IsDirectory)
        {
            return "it is not a folder";
        }
        return WhyNotOwn(e);
    }

    /// <summary>Why an entry that should be this user's alone is not, or null when it is.</summary>
    public static string? WhyNotOwn(Entry e)
    {
        uint me = UserId;
        if (e.Owner != me)
        {
            return string.Create(CultureInfo.InvariantCulture, $"it belongs to another user (uid {e.Owner}), not to this one (uid {me})");
        }
        if ((e.Permissions & 0x3F) != 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"other users can use it (mode {Convert.ToString(e.Permissions, 8)}, not 700 or 600)");
        }
        return null;
    }

    /// <summary>
    /// Opens a file that must be this user's own regular file, closed to other users, without
    /// following a symbolic link (O_NOFOLLOW): what is checked is what was opened.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing has that name.</exception>
    /// <exception cref="UnauthorizedAccessException">The name is a link, not a regular file, or not this user's alone; the message says which.</exception>
    public static SafeFileHandle OpenOwnFile(string path, bool write)
    {
        int fd = LibC.Open(path, (write ? LibC.O_RDWR : LibC.O_RDONLY) | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                LibC.ENOENT => new FileNotFoundException($"'{path}' does not exist.", path),
                LibC.ELOOP => new UnauthorizedAccessException($"Refusing '{path}': it is a symbolic link, which another user may have planted; the harness never follows one there."),
                _ => new IOException($"Could not open '{path}' (errno {errno})."),
            };
        }
        var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        try
        {
            Entry e = Fstat(handle);
            string? why = !e.IsRegular ? "it is not a regular file" : WhyNotOwn(e);
            if (why is not null)
            {
                throw new UnauthorizedAccessException($"Refusing '{path}': {why}. The harness only uses files it created itself.");
            }
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
