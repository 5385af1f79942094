using System.Runtime.InteropServices;

namespace Harness.Native;

internal static partial class LibC
{
    /// <summary><c>geteuid()</c>: the user this process acts as, the one every file it trusts must belong to.</summary>
    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEUid();
}
