using System.IO.MemoryMappedFiles;
using System.Runtime.Versioning;

namespace Harness;

// UNTESTED: written for Windows and never run (the harness is built and tested on Linux).
// Python names a Windows block's file mapping by the name itself; the mapping lives while any
// process holds a handle, so unlink has nothing to remove there, as in Python.
public sealed partial class SharedMemory
{
    [SupportedOSPlatform("windows")]
    private static SharedMemory CreateWindows(string name, long size) =>
        new(name, size, MemoryMappedFile.CreateNew(name, size, MemoryMappedFileAccess.ReadWrite), tracked: false);

    [SupportedOSPlatform("windows")]
    private static SharedMemory OpenWindows(string name)
    {
        var map = MemoryMappedFile.OpenExisting(name, MemoryMappedFileRights.ReadWrite);
        using var probe = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        return new SharedMemory(name, probe.Capacity, map, tracked: false);
    }
}
