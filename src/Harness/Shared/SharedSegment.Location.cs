using System.IO.MemoryMappedFiles;

namespace Harness.Shared;

/// <summary>Where segments live on each OS, in one place: creating and opening them is in SharedSegment.Unix.cs and SharedSegment.Windows.cs.</summary>
internal sealed partial class SharedSegment
{
    /// <summary>
    /// Where this OS keeps segments: /dev/shm on Linux (memory, not disk); elsewhere (macOS) a
    /// directory of this user's only, <c>harness-&lt;user&gt;</c> in the per-user temporary folder
    /// (<c>$TMPDIR</c>, itself private on macOS). Files there are mapped with
    /// <see cref="MemoryMappedFile.CreateFromFile(FileStream, string?, long, MemoryMappedFileAccess, HandleInheritability, bool)"/>,
    /// not <c>shm_open</c>, so the names are not bound by macOS's 31-byte limit for shm_open.
    /// Windows keeps none: its segments are named sections.
    /// </summary>
    public static string Directory { get; } = ChooseDirectory();

    /// <summary>The file of a segment (or of a queue's item too big for its ring).</summary>
    public static string PathOf(string segmentName) => Path.Combine(Directory, segmentName);

    private static string ChooseDirectory()
    {
        if (OperatingSystem.IsLinux() && System.IO.Directory.Exists("/dev/shm"))
        {
            return "/dev/shm";
        }
        string dir = Path.Combine(Path.GetTempPath(), "harness-" + Environment.UserName);
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(dir); // only big queue items' side files live here on Windows
            return dir;
        }
        var info = new DirectoryInfo(dir);
        if (!info.Exists)
        {
            System.IO.Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            info.Refresh();
        }
        // Another user's directory, or a link planted in its place, would hand them our memory.
        if (info.LinkTarget is not null || (info.UnixFileMode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"The shared-memory directory {dir} must be a directory of this user's only (mode 0700), not a link; remove it and run again.");
        }
        return dir;
    }
}
