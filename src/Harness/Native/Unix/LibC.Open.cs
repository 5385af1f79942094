using System.Runtime.InteropServices;

namespace Harness.Native;

internal static partial class LibC
{
    internal const int O_RDONLY = 0;
    internal const int O_RDWR = 2;
    internal const int O_CLOEXEC = 0x80000;
    internal const int ELOOP = 40;
    internal const int ENOENT = 2;

    /// <summary>
    /// O_NOFOLLOW is one of the few flags whose value differs between Linux architectures:
    /// 0100000 where the kernel keeps the old ARM and PowerPC numbering, 0400000 elsewhere.
    /// </summary>
    internal static int O_NOFOLLOW => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 or Architecture.Ppc64le => 0x8000,
        _ => 0x20000,
    };

    /// <summary><c>open(path, flags, mode)</c>: the file descriptor, or -1 with errno set.</summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, int mode);
}
