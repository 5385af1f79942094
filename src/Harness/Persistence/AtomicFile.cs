namespace Harness.Persistence;

/// <summary>
/// Replaces a file so that a reader, or a crash, only ever sees the old content or the new:
/// the bytes go to a temporary file in the same folder (a rename is atomic only within one
/// file system), are flushed to the disk, and the temporary file is then renamed over the target.
/// A process killed before the rename leaves the old file as it was, plus a stray
/// <c>.NAME.*.tmp</c> file beside it.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Test seam: when set, called with the temporary file's path after the first half of the
    /// bytes has been written and flushed, before the rest. A test process blocks in it so that
    /// its parent can kill it at exactly that point. Null (and skipped) otherwise.
    /// </summary>
    internal static Action<string>? AfterPartialWrite { get; set; }

    public static void Write(string path, ReadOnlySpan<byte> data)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"The path '{path}' has no folder to write in.", nameof(path));
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                if (AfterPartialWrite is { } pause && data.Length > 1)
                {
                    int half = data.Length / 2;
                    stream.Write(data[..half]);
                    stream.Flush(flushToDisk: true);
                    pause(temp);
                    data = data[half..];
                }
                stream.Write(data);
                // fsync before the rename: otherwise a power cut could leave the new name
                // pointing at blocks that never reached the disk.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // Best effort: the write already failed, and that failure is what the caller needs.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
