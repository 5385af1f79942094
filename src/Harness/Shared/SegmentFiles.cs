using System.Security.Cryptography;
using Harness.Native;

namespace Harness.Shared;

/// <summary>
/// The one place where the files behind shared segments (and a queue's side files for large
/// items) are named, created and opened. They live in <see cref="ResourceTracker.Directory"/>
/// (/dev/shm on Linux), a folder every user can create names in, so:
/// a new file is always created exclusively (O_CREAT | O_EXCL, which also refuses a planted
/// symbolic link) with mode 0600 under a fresh 128-bit random name; an existing name is opened
/// without following a link and used only if it is a regular file of this user's that no other
/// user can read or write.
/// </summary>
internal static class SegmentFiles
{
    /// <summary>A new name for this process tree's next file: <c>mp-&lt;tree&gt;-&lt;32 hex digits&gt;</c>.</summary>
    public static string NewName() => $"mp-{ResourceTracker.Tree}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

    /// <summary>
    /// Creates a new file under a fresh name, readable and writable by this user only. A name
    /// that is already taken (by anything: another user may plant files and links there) is
    /// never reused: another random name is tried.
    /// </summary>
    /// <returns>The name and the open file.</returns>
    public static (string Name, FileStream File) CreateNew()
    {
        for (int attempt = 1; ; attempt++)
        {
            string name = NewName();
            try
            {
                return (name, CreateExclusive(ResourceTracker.PathOf(name)));
            }
            catch (IOException) when (attempt < 4 && Exists(ResourceTracker.PathOf(name)))
            {
                // Someone holds this name; 128 random bits make that an attack, not chance.
            }
        }
    }

    /// <summary>Creates the file at <paramref name="path"/>, failing if anything already has that name.</summary>
    /// <exception cref="IOException">The name is taken (a file, a folder or a link, even a dangling one).</exception>
    internal static FileStream CreateExclusive(string path)
    {
        var options = new FileStreamOptions
        {
            // CreateNew is O_CREAT | O_EXCL: it never opens an existing file and never follows a link.
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.ReadWrite | FileShare.Delete,
        };
        if (!OperatingSystem.IsWindows())
        {
            // Readable and writable by this user only: another user can't read or corrupt it.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return new FileStream(path, options);
    }

    /// <summary>
    /// Opens an existing file by name for reading (and writing), after checking it is this
    /// user's own: a name can arrive from another process, and another user can create any
    /// name in a shared folder once the real file is gone.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing has that name.</exception>
    /// <exception cref="UnauthorizedAccessException">It is a link, not a regular file, or not this user's alone.</exception>
    public static FileStream OpenExisting(string name, bool write)
    {
        string path = ResourceTracker.PathOf(name);
        FileAccess access = write ? FileAccess.ReadWrite : FileAccess.Read;
        if (!FileTrust.Supported)
        {
            // macOS keeps these in the per-user temp folder; Windows uses named sections.
            return new FileStream(path, FileMode.Open, access, FileShare.ReadWrite | FileShare.Delete);
        }
        return new FileStream(FileTrust.OpenOwnFile(path, write), access, bufferSize: 0);
    }

    private static bool Exists(string path) => FileTrust.Supported ? FileTrust.Lstat(path) is not null : File.Exists(path) || Directory.Exists(path);
}
