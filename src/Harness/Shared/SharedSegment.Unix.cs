using System.IO.MemoryMappedFiles;
using System.Runtime.Versioning;

namespace Harness.Shared;

internal sealed partial class SharedSegment
{
    [UnsupportedOSPlatform("windows")]
    private static SharedSegment CreateUnix(string name, long size)
    {
        string path = PathOf(name);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.ReadWrite | FileShare.Delete,
            // Readable and writable by this user only: another user can't read or corrupt it.
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        var file = new FileStream(path, options);
        try
        {
            file.SetLength(size);
            var map = MemoryMappedFile.CreateFromFile(file, null, size, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            return new SharedSegment(name, map, owner: true);
        }
        catch
        {
            file.Dispose();
            UnlinkUnix(name);
            throw;
        }
    }

    private static SharedSegment OpenUnix(string name)
    {
        var file = new FileStream(PathOf(name), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            var map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            return new SharedSegment(name, map, owner: false);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static void UnlinkUnix(string name)
    {
        try
        {
            File.Delete(PathOf(name));
        }
        catch (IOException)
        {
            // Already gone (the tracker swept it): removing a name is idempotent.
        }
    }
}
