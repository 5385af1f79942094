namespace Harness.Native;

/// <summary>
/// A counting semaphore that lives in a shared segment, so that every process mapping the
/// segment waits on the same one. The seam between the sync primitives and the OS: on Linux it
/// is a process-shared POSIX semaphore stored in the segment's bytes (<c>sem_init</c> with
/// pshared = 1); on Windows a named kernel semaphore whose name is derived from the segment's.
/// </summary>
internal sealed unsafe partial class SemaphoreCell : IDisposable
{
    /// <summary>Bytes reserved in a segment for one cell (sizeof(sem_t) is 32 on 64-bit Linux).</summary>
    public const int Size = 32;

    private readonly byte* _cell;

    private SemaphoreCell(byte* cell, string name)
    {
        _cell = cell;
        _name = name;
    }

    /// <summary>Initializes a new semaphore in <paramref name="cell"/>; only the segment's creator calls this.</summary>
    /// <param name="cell"><see cref="Size"/> bytes of shared memory, 8-byte aligned.</param>
    /// <param name="name">Unique across the machine; names the kernel object where the OS needs one.</param>
    /// <param name="initial">The starting count.</param>
    public static SemaphoreCell Create(byte* cell, string name, int initial)
    {
        var s = new SemaphoreCell(cell, name);
        if (OperatingSystem.IsWindows())
        {
            s.CreateWindows(initial);
        }
        else
        {
            s.CreateUnix(initial);
        }
        return s;
    }

    /// <summary>Attaches to a semaphore another process created in the same segment.</summary>
    public static SemaphoreCell Open(byte* cell, string name)
    {
        var s = new SemaphoreCell(cell, name);
        if (OperatingSystem.IsWindows())
        {
            s.OpenWindows();
        }
        return s;
    }

    /// <summary>Takes one, waiting up to <paramref name="millisecondsTimeout"/> (-1: forever).</summary>
    /// <returns>false when the timeout passed first.</returns>
    public bool Wait(int millisecondsTimeout) =>
        OperatingSystem.IsWindows() ? WaitWindows(millisecondsTimeout) : WaitUnix(millisecondsTimeout);

    /// <summary>Adds one, waking a waiter if there is one.</summary>
    public void Post()
    {
        if (OperatingSystem.IsWindows())
        {
            PostWindows();
        }
        else
        {
            PostUnix();
        }
    }

    /// <summary>The count at this instant, or null where the OS can't tell without changing it.</summary>
    public int? Value => OperatingSystem.IsWindows() ? null : ValueUnix();

    /// <summary>Lets go of the OS handle, if the OS gave one; the semaphore itself lives as long as its segment.</summary>
    public void Dispose() => _semaphore?.Dispose();
}
