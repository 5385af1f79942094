using System.IO.MemoryMappedFiles;
using System.Runtime.Versioning;

namespace Harness.Shared;

// UNTESTED: written for Windows and never run (the harness is built and tested on Linux).
// Named sections live while any process holds a handle, so Windows needs no tracker.
internal sealed partial class SharedSegment
{
    [SupportedOSPlatform("windows")]
    private static SharedSegment CreateWindows(string name, long size) =>
        new(name, MemoryMappedFile.CreateNew(@"Local\" + name, size, MemoryMappedFileAccess.ReadWrite), owner: true);

    [SupportedOSPlatform("windows")]
    private static SharedSegment OpenWindows(string name) =>
        new(name, MemoryMappedFile.OpenExisting(@"Local\" + name, MemoryMappedFileRights.ReadWrite), owner: false);
}
