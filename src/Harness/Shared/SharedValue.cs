using System.Diagnostics;
using Harness.Shared;

namespace Harness;

/// <summary>
/// One value of type <typeparamref name="T"/> in memory shared by processes, like Python's
/// <c>multiprocessing.Value</c>. Create it with <see cref="Mp.Value{T}(T, bool)"/> and pass it to
/// children as an argument: they read and write the same memory, not a copy.
/// </summary>
/// <typeparam name="T">Any unmanaged type: int, long, double, bool, or a struct of those.</typeparam>
/// <remarks>
/// Made with a lock (the default), each get and each set of <see cref="Value"/> takes it, so a
/// single read or write is never torn; but <c>v.Value += 1</c> is a get and then a set, and two
/// processes doing it at once still lose updates, exactly as in Python. Hold
/// <see cref="GetLock"/> (or your own <see cref="MpLock"/>) around the whole read-modify-write.
/// </remarks>
public sealed unsafe class SharedValue<T> : IDisposable where T : unmanaged
{
    private readonly SharedSegment _segment;
    private readonly MpRLock? _lock;
    private readonly T* _value;

    /// <summary>This process's last <see cref="SegmentHeader.ReadSequence"/>, for the race switch.</summary>
    private long _lastRead;

    private SharedValue(SharedSegment segment, MpRLock? @lock)
    {
        _segment = segment;
        _lock = @lock;
        _value = (T*)segment.Payload;
    }

    /// <summary>The shared value. Blocks while another process holds the value's lock (when it has one).</summary>
    /// <exception cref="ObjectDisposedException">Disposed in this process.</exception>
    public T Value
    {
        get
        {
            ObjectDisposedException.ThrowIf(_segment.IsDisposed, this);
            if (_lock is null)
            {
                return Read();
            }
            using (_lock.Hold())
            {
                return Read();
            }
        }
        set
        {
            ObjectDisposedException.ThrowIf(_segment.IsDisposed, this);
            int window = _segment.Header->RaceWindowMs;
            if (window > 0)
            {
                WidenRace(window);
            }
            if (_lock is null)
            {
                *_value = value;
                return;
            }
            using (_lock.Hold())
            {
                *_value = value;
            }
        }
    }

    /// <summary>The lock each get and set takes, to hold around a read-modify-write (Python's <c>get_lock()</c>).</summary>
    /// <exception cref="InvalidOperationException">The value was made with <c>withLock: false</c>.</exception>
    public MpRLock GetLock() => _lock ?? throw new InvalidOperationException(
        "This SharedValue was made with withLock: false, so it has no lock; make it with Mp.Value(initial) or guard it with an MpLock of your own.");

    internal string Name => _segment.Name;

    internal string? LockName => _lock?.Name;

    /// <summary>
    /// Test switch (shared by every process using this value): when positive, each set first
    /// waits up to this long for another process to read the value, like the course's
    /// <c>time.sleep(0.1)</c> between read and write but deterministic. An unguarded
    /// read-modify-write then loses an update whenever another process is running the same code;
    /// a guarded one only waits. Zero (the default) turns it off.
    /// </summary>
    internal TimeSpan RaceWindow
    {
        get => TimeSpan.FromMilliseconds(_segment.Header->RaceWindowMs);
        set => _segment.Header->RaceWindowMs = (int)value.TotalMilliseconds;
    }

    /// <summary>Unmaps the value in this process; the creator's Dispose also removes its name.</summary>
    public void Dispose()
    {
        _segment.Dispose();
        _lock?.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() =>
        _segment.IsDisposed ? $"<SharedValue<{typeof(T).Name}> disposed>" : $"<SharedValue<{typeof(T).Name}> {Value}>";

    private T Read()
    {
        T value = *_value;
        if (_segment.Header->RaceWindowMs > 0)
        {
            _lastRead = Interlocked.Increment(ref _segment.Header->ReadSequence);
        }
        return value;
    }

    private void WidenRace(int windowMs)
    {
        long start = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _segment.Header->ReadSequence) <= _lastRead
            && Stopwatch.GetElapsedTime(start).TotalMilliseconds < windowMs)
        {
            Thread.Sleep(1);
        }
    }

    internal static SharedValue<T> Create(T initial, bool withLock)
    {
        MpRLock? @lock = withLock ? MpRLock.Create() : null;
        try
        {
            SharedSegment segment = SharedSegment.Create(SegmentKind.Value, sizeof(T), s => *(T*)s.Payload = initial,
                sizeof(T), SegmentHeader.HashOf(typeof(T)), 1);
            return new SharedValue<T>(segment, @lock);
        }
        catch
        {
            @lock?.Dispose();
            throw;
        }
    }

    internal static SharedValue<T> Open(string name, string? lockName)
    {
        SharedSegment segment = SharedSegment.Open(name, SegmentKind.Value);
        try
        {
            ElementCheck.ThrowIfMismatch<T>(segment);
            return new SharedValue<T>(segment, lockName is null ? null : MpRLock.Open(lockName));
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }
}
