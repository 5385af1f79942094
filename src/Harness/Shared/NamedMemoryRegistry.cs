namespace Harness.Shared;

/// <summary>
/// The names of the <see cref="SharedMemory"/> blocks this process tree created and has not
/// unlinked, for the <see cref="ResourceTracker"/> to unlink when the tree ends, as CPython's
/// tracker does with <c>register(name, "shared_memory")</c>.
/// </summary>
/// <remarks>
/// A block's name is chosen by the user or by another program, so the tracker can't find it by
/// the tree's prefix as it finds segments. Instead every process of the tree appends a line to
/// one file beside the segments, <c>mp-&lt;tree&gt;-names</c>: "+NAME" when it creates a block,
/// "-NAME" when it unlinks one. Each line is one small append, which the OS keeps whole among
/// concurrent appenders. When the tree's root is gone the tracker unlinks every name still
/// added, then removes the file with the tree's segments. Names are checked to hold no space,
/// slash or glob character before they get here (<see cref="SharedMemory.Create"/>).
/// </remarks>
internal static class NamedMemoryRegistry
{
    /// <summary>Where the tree's list is; the tracker reads the same path.</summary>
    public static string ListPath => ResourceTracker.PathOf($"mp-{ResourceTracker.Tree}-names");

    public static void Register(string name) => Append($"+ {name}\n");

    public static void Unregister(string name) => Append($"- {name}\n");

    private static void Append(string line)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // a named mapping vanishes with its last handle: nothing to track
        }
        var options = new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using var file = new FileStream(ListPath, options);
        file.Write(System.Text.Encoding.ASCII.GetBytes(line)); // one write: appended whole
    }
}
