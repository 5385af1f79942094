using System.IO.MemoryMappedFiles;
using System.Security.Cryptography;
using Harness.Shared;

namespace Harness;

/// <summary>
/// A named block of shared memory that any process can open by its name, like Python 3.8+'s
/// <c>multiprocessing.shared_memory.SharedMemory</c>: no header, no type, just
/// <see cref="Size"/> bytes. A Python program opens it with <c>SharedMemory(name)</c>, and this
/// opens what Python created, because both use the OS's own naming: on Linux the POSIX shared
/// memory object <c>/NAME</c>, which is the file <c>/dev/shm/NAME</c>; on Windows a named
/// file mapping.
/// </summary>
/// <remarks>
/// <para>As in Python, the block outlives the processes that use it until one of them calls
/// <see cref="Unlink"/>; <see cref="Close"/> (and <see cref="Dispose"/>) only unmap it here.
/// A block made by <see cref="Create"/> is registered with this process tree's resource tracker,
/// which unlinks it when the tree ends if nobody did, as CPython's tracker does for the blocks
/// its processes create. Opening a block never registers it: Python 3.11 does, and so removes a
/// block another program made when the opener exits; here that never happens.</para>
/// <para>Passed to a child as an argument, it crosses by name and the child opens it. Reads and
/// writes through <see cref="AsSpan"/> are not synchronized: use a lock, as in Python.</para>
/// <para>Linux runs it here; the Windows code is written but untested, and macOS (whose POSIX
/// shared memory has no file path) throws <see cref="PlatformNotSupportedException"/>.</para>
/// </remarks>
public sealed unsafe partial class SharedMemory : IDisposable
{
    /// <summary>Python's prefix for the names it makes up.</summary>
    private const string NamePrefix = "psm_";

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly bool _tracked;
    private byte* _base;
    private int _closed;
    private int _unlinked;

    private SharedMemory(string name, long size, MemoryMappedFile map, bool tracked)
    {
        Name = name;
        Size = size;
        _map = map;
        _tracked = tracked;
        try
        {
            _view = map.CreateViewAccessor(0, size, MemoryMappedFileAccess.ReadWrite);
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref _base);
            _base += _view.PointerOffset;
        }
        catch
        {
            _view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    /// <summary>Unmaps a block dropped without Close; its name stays until Unlink or the tracker's sweep.</summary>
    ~SharedMemory() => Unmap();

    /// <summary>The name another process opens it by, without the leading slash (Python's <c>name</c>).</summary>
    public string Name { get; }

    /// <summary>Its size in bytes (Python's <c>size</c>): what was asked at creation, the object's size when opened.</summary>
    public long Size { get; }

    /// <summary>
    /// Creates a new block of <paramref name="size"/> zero bytes, like
    /// <c>SharedMemory(name, create=True, size=size)</c>.
    /// </summary>
    /// <param name="size">Bytes, at least 1.</param>
    /// <param name="name">
    /// The name to create it under (letters, digits, <c>_</c>, <c>.</c> and <c>-</c>, not starting
    /// with <c>.</c> or <c>-</c>, at most 200 characters); null makes one up, like Python's
    /// <c>psm_</c> names.
    /// </param>
    /// <param name="track">
    /// True (the default, as in Python) registers it with the resource tracker, which unlinks it
    /// when this process tree ends if nobody did; false leaves it for another program to use and
    /// unlink later (Python 3.13's <c>track=False</c>).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is less than 1 (Python's ValueError).</exception>
    /// <exception cref="ArgumentException">The name has characters other than those above.</exception>
    /// <exception cref="IOException">A block with that name already exists (Python's FileExistsError).</exception>
    public static SharedMemory Create(long size, string? name = null, bool track = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (name is not null)
        {
            CheckCreatableName(name);
            return CreateNamed(name, size, track);
        }
        while (true)
        {
            // Python's own shape of name, so a Python reader sees nothing unusual; a clash (one in
            // four billion) just draws again, as Python does.
            string made = NamePrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            try
            {
                return CreateNamed(made, size, track);
            }
            catch (IOException) when (Exists(made))
            {
            }
        }
    }

    /// <summary>Opens the block another process (a .NET or a Python one) created under <paramref name="name"/>, like <c>SharedMemory(name)</c>.</summary>
    /// <param name="name">Its name, with or without the leading slash.</param>
    /// <exception cref="ArgumentException">The name is empty or holds a '/' or a NUL.</exception>
    /// <exception cref="FileNotFoundException">No block has that name (Python's FileNotFoundError).</exception>
    /// <exception cref="InvalidOperationException">The block is empty, so there is nothing to map (Python's ValueError).</exception>
    public static SharedMemory Open(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        name = name.TrimStart('/');
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal) || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a shared memory name: it can't be empty or hold a '/'.", nameof(name));
        }
        return OpenNamed(name);
    }

    /// <summary>The block's bytes, Python's <c>buf</c>: the shared memory itself, unlocked.</summary>
    /// <exception cref="ObjectDisposedException">It was closed in this process.</exception>
    public Span<byte> AsSpan()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, this);
        return new Span<byte>(_base, checked((int)Size));
    }

    /// <summary>Unmaps it in this process, like <c>close()</c>; the block and its name stay for the others. Closing twice is fine.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        Unmap();
        _view.Dispose();
        _map.Dispose();
    }

    /// <summary>The same as <see cref="Close"/>: it unmaps, and never removes the name (call <see cref="Unlink"/> once, from one process).</summary>
    public void Dispose()
    {
        Close();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Removes the block's name, like <c>unlink()</c>: no process can open it from now on, and the
    /// memory goes once every process has closed it. Call it once, from one process, when the
    /// block is no longer needed; it also takes the block off the resource tracker's list.
    /// </summary>
    /// <exception cref="FileNotFoundException">The name was already removed (Python's FileNotFoundError).</exception>
    public void Unlink()
    {
        if (Interlocked.Exchange(ref _unlinked, 1) != 0 || !UnlinkName(Name))
        {
            throw new FileNotFoundException($"The shared memory '{Name}' was already unlinked.", Name);
        }
        if (_tracked)
        {
            NamedMemoryRegistry.Unregister(Name);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"SharedMemory('{Name}', size={Size})";

    private static SharedMemory CreateNamed(string name, long size, bool track)
    {
        SharedMemory created = CreateCore(name, size, track);
        if (track)
        {
            NamedMemoryRegistry.Register(name);
        }
        return created;
    }

    private static void CheckCreatableName(string name)
    {
        // A name the tracker can hold in its list and another program can type: Python's
        // names and any sensible one pass.
        bool ok = name.Length is > 0 and <= 200 && name[0] is not ('.' or '-')
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
        if (!ok)
        {
            throw new ArgumentException(
                $"'{name}' can't name a new shared memory block: use letters, digits, '_', '.' and '-' (not first), at most 200 characters.", nameof(name));
        }
    }

    private void Unmap()
    {
        if (_base != null)
        {
            _base = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    private static SharedMemory CreateCore(string name, long size, bool track) =>
        OperatingSystem.IsWindows() ? CreateWindows(name, size)
        : OperatingSystem.IsLinux() ? CreateUnix(name, size, track)
        : throw NotSupported();

    private static SharedMemory OpenNamed(string name) =>
        OperatingSystem.IsWindows() ? OpenWindows(name)
        : OperatingSystem.IsLinux() ? OpenUnix(name)
        : throw NotSupported();

    private static bool UnlinkName(string name) => OperatingSystem.IsWindows() || UnlinkUnix(name);

    private static bool Exists(string name) => !OperatingSystem.IsWindows() && File.Exists(PathOf(name));

    private static PlatformNotSupportedException NotSupported() =>
        new("Named shared memory is built for Linux (and, untested, Windows); on this OS it is not available yet.");
}
