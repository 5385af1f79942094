using System.IO.MemoryMappedFiles;
using System.Runtime.Versioning;

namespace Harness;

// Linux: glibc's shm_open("/NAME") is open("/dev/shm/NAME"), so the file is the POSIX object
// itself and a Python program's SharedMemory("NAME") opens the same memory.
public sealed partial class SharedMemory
{
    private const string Folder = "/dev/shm";

    private static string PathOf(string name) => Path.Combine(Folder, name);

    [UnsupportedOSPlatform("windows")]
    private static SharedMemory CreateUnix(string name, long size, bool track)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.ReadWrite | FileShare.Delete,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite, // 0600, as Python's
        };
        var file = new FileStream(PathOf(name), options);
        try
        {
            file.SetLength(size);
            var map = MemoryMappedFile.CreateFromFile(file, null, size, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            return new SharedMemory(name, size, map, track);
        }
        catch
        {
            file.Dispose();
            UnlinkUnix(name);
            throw;
        }
    }

    private static SharedMemory OpenUnix(string name)
    {
        FileStream file;
        try
        {
            file = new FileStream(PathOf(name), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException($"No shared memory block is named '{name}': was it unlinked, or never created?", name, e);
        }
        try
        {
            long size = file.Length;
            if (size == 0)
            {
                throw new InvalidOperationException($"The shared memory block '{name}' is empty: there is nothing to map.");
            }
            var map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            return new SharedMemory(name, size, map, tracked: false);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static bool UnlinkUnix(string name)
    {
        string path = PathOf(name);
        if (!File.Exists(path))
        {
            return false;
        }
        File.Delete(path);
        return true;
    }
}
