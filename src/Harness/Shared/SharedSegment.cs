using System.IO.MemoryMappedFiles;
using System.Text.RegularExpressions;

namespace Harness.Shared;

/// <summary>
/// A block of memory mapped by several processes, found by name (DESIGN decision 4). On Linux
/// it is a file in /dev/shm (mode 0600, a 128-bit random name) mapped with
/// <see cref="MemoryMappedFile.CreateFromFile(FileStream, string?, long, MemoryMappedFileAccess, HandleInheritability, bool)"/>;
/// on Windows a named section, which the kernel drops with its last handle.
/// </summary>
/// <remarks>
/// The creator's <see cref="Dispose"/> removes the name (processes that mapped it keep their
/// memory until they unmap); a segment whose creator never disposed it is removed by the
/// <see cref="ResourceTracker"/> when the process tree is gone. Openers only unmap.
/// </remarks>
internal sealed unsafe partial class SharedSegment : IDisposable
{
    public const int HeaderSize = 64;

    private static readonly Regex s_validName = new("^mp-[0-9a-f]{16}-[0-9a-f]{32}$", RegexOptions.CultureInvariant);

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly bool _owner;
    private byte* _base;
    private int _disposed;

    private SharedSegment(string name, MemoryMappedFile map, bool owner)
    {
        Name = name;
        _map = map;
        _owner = owner;
        try
        {
            _view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.ReadWrite);
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref _base);
            _base += _view.PointerOffset;
            Size = _view.Capacity;
        }
        catch
        {
            _view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    /// <summary>Unmaps a segment dropped without Dispose; the name stays until the tracker's sweep.</summary>
    ~SharedSegment() => Unmap();

    /// <summary>The name another process opens it by.</summary>
    public string Name { get; }

    /// <summary>Mapped bytes, header included (at least what was asked; the OS rounds up to pages).</summary>
    public long Size { get; }

    public SegmentHeader* Header => (SegmentHeader*)_base;

    /// <summary>The segment's first byte: wait words are named by their offset from here.</summary>
    public byte* Base => _base;

    /// <summary>The wait table the Windows back-end queues sleepers in, or null for a segment nobody waits on.</summary>
    public byte* WaitTable => Header->WaitTableOffset is > 0 and var offset ? _base + offset : null;

    /// <summary>The bytes after the header.</summary>
    public byte* Payload => _base + HeaderSize;

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Creates a zero-filled segment with room for <paramref name="payloadSize"/> bytes after the header.</summary>
    /// <param name="kind">What it will hold, checked by <see cref="Open"/>.</param>
    /// <param name="payloadSize">Bytes needed after the header.</param>
    /// <param name="initialize">Fills the payload before the header is marked complete.</param>
    /// <param name="elementSize">sizeof(T) for values and arrays.</param>
    /// <param name="typeHash">See <see cref="SegmentHeader.TypeHash"/>.</param>
    /// <param name="length">See <see cref="SegmentHeader.Length"/>.</param>
    public static SharedSegment Create(SegmentKind kind, long payloadSize, Action<SharedSegment>? initialize = null,
        int elementSize = 0, int typeHash = 0, long length = 0)
    {
        // Segments with wait words end with a wait table (only the Windows back-end uses it; a
        // segment doesn't know which back-end its processes will use, so each gets one).
        long payload = (Math.Max(payloadSize, 8) + 7) & ~7L;
        bool waitable = kind is not (SegmentKind.Value or SegmentKind.Array);
        long size = HeaderSize + payload + (waitable ? Native.SlotBackend.TableSize : 0);
        SharedSegment segment = OperatingSystem.IsWindows() ? CreateWindows(SegmentFiles.NewName(), size) : CreateUnix(size);
        try
        {
            SegmentHeader* h = segment.Header;
            h->Kind = kind;
            h->ElementSize = elementSize;
            h->TypeHash = typeHash;
            h->Length = length;
            h->WaitTableOffset = waitable ? (int)(HeaderSize + payload) : 0;
            initialize?.Invoke(segment);
            Volatile.Write(ref h->Magic, SegmentHeader.ExpectedMagic);
            return segment;
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }

    /// <summary>Maps a segment another process created.</summary>
    /// <exception cref="ArgumentException">The name is not a harness segment's.</exception>
    /// <exception cref="InvalidOperationException">It no longer exists, or holds something else.</exception>
    public static SharedSegment Open(string name, SegmentKind kind)
    {
        // Names arrive from another process: only our own pattern may become a path.
        if (name is null || !s_validName.IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not the name of a harness shared segment.", nameof(name));
        }
        SharedSegment segment;
        try
        {
            segment = OperatingSystem.IsWindows() ? OpenWindows(name) : OpenUnix(name);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException(
                $"The shared {kind} '{name}' can't be trusted, so it was not opened. {e.Message}", e);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidOperationException(
                $"The shared {kind} '{name}' no longer exists: the process that created it disposed it (or ended) before this one opened it. Keep it alive until the children are done with it.", e);
        }
        if (segment.Size < HeaderSize || segment.Header->Magic != SegmentHeader.ExpectedMagic || segment.Header->Kind != kind
            || (segment.Header->WaitTableOffset != 0
                && (segment.Header->WaitTableOffset < HeaderSize || segment.Header->WaitTableOffset > segment.Size - Native.SlotBackend.TableSize)))
        {
            string found = segment.Size >= HeaderSize ? segment.Header->Kind.ToString() : "nothing";
            segment.Dispose();
            throw new InvalidOperationException($"The shared segment '{name}' holds a {found}, not a {kind}.");
        }
        return segment;
    }

    /// <summary>Unmaps it; the creator also removes its name, so no new process can open it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        Native.WaitBackend.ForgetSegment(this);
        Unmap();
        _view.Dispose();
        _map.Dispose();
        if (_owner && !OperatingSystem.IsWindows())
        {
            UnlinkUnix(Name);
        }
        GC.SuppressFinalize(this);
    }

    private void Unmap()
    {
        if (_base != null)
        {
            _base = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }
}
