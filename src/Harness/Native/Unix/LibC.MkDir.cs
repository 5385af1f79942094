using System.Runtime.InteropServices;

namespace Harness.Native;

internal static partial class LibC
{
    internal const int EEXIST = 17;

    /// <summary><c>mkdir(path, mode)</c>: fails with EEXIST when anything, a link included, has the name, so a success means the folder is new and ours.</summary>
    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MkDir(string path, int mode);
}
