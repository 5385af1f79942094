using System.IO.MemoryMappedFiles;
using System.Runtime.Versioning;

namespace Harness.Shared;

internal sealed partial class SharedSegment
{
    [UnsupportedOSPlatform("windows")]
    private static SharedSegment CreateUnix(long size)
    {
        (string name, FileStream file) = SegmentFiles.CreateNew();
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
        FileStream file = SegmentFiles.OpenExisting(name, write: true);
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
            File.Delete(ResourceTracker.PathOf(name));
        }
        catch (IOException)
        {
            // Already gone (the tracker swept it): removing a name is idempotent.
        }
    }
}
