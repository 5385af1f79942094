using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Harness.Native;
using Harness.Shared;
using Harness.Sync;

namespace Harness.Queues;

/// <summary>
/// The bytes-level queue shared by every process that opens it: a ring buffer in a shared
/// segment, one lock for producers and one for consumers, and wait words that sleepers sleep on.
/// </summary>
/// <remarks>
/// Why this survives crashes: an item becomes visible only when a producer moves Tail past it,
/// after the bytes are written, and is gone only when a consumer moves Head past it, after the
/// bytes are copied out. A producer killed half-way leaves Tail where it was (the half-written
/// bytes are overwritten by the next producer); a consumer killed half-way leaves Head, so the
/// next consumer reads the item. The locks hand themselves over from a dead owner (LockCore).
/// Sleepers count themselves, read their wait word and look at the ring once more before they
/// sleep on the value read; whoever changes the ring and finds sleepers bumps the word first, so
/// no wake-up falls between a look and a sleep (QueueCore.Waiting.cs).
/// Items too big for a quarter of the ring travel in a file of their own beside the segment,
/// and the ring carries its name.
/// </remarks>
internal sealed unsafe partial class QueueCore : IDisposable
{
    public const int DefaultCapacity = 8 * 1024 * 1024;
    public const int WriterSlots = 16;
    private const int StateSize = 256;
    private const int RingOffset = StateSize;
    private const int SideMark = -1;

    /// <summary>For fault tests: runs in Put after the item's bytes are written, before it is published.</summary>
    internal static Action? BeforePublishHook;

    /// <summary>For fault tests: runs in Get after the item's bytes are copied out, before it is taken.</summary>
    internal static Action? BeforeTakeHook;

    /// <summary>Items the current thread took with MpQueue's Get and TryGet: lets a test count what a call took, while other tests use queues of their own.</summary>
    [ThreadStatic]
    internal static int TakenOnThisThread;

    /// <summary>Threads of any process blocked in a Get on this queue now (a snapshot); for tests.</summary>
    internal int GettersWaiting => Volatile.Read(ref _state->ItemWaiters);

    private readonly RingSlice _slice = new();
    private readonly SharedSegment _segment;
    private readonly LockCore _putLock;
    private readonly LockCore _getLock;
    private readonly QueueState* _state;
    private readonly byte* _ring;
    private int _disposed;

    private QueueCore(SharedSegment segment, LockCore putLock, LockCore getLock)
    {
        _segment = segment;
        _putLock = putLock;
        _getLock = getLock;
        _state = (QueueState*)segment.Payload;
        _ring = segment.Payload + RingOffset;
    }

    public string Name => _segment.Name;

    public string PutLockName => _putLock.Name;

    public string GetLockName => _getLock.Name;

    public ref QueueState State => ref *_state;

    public int Capacity => _state->Capacity;

    public int MaxSize => _state->MaxSize;

    /// <summary>Items in the queue now; approximate while others put and get, like qsize().</summary>
    public int Count => (int)Math.Max(0, Volatile.Read(ref _state->ItemsPut) - Volatile.Read(ref _state->ItemsTaken));

    public bool IsEmpty => Volatile.Read(ref _state->Head) == Volatile.Read(ref _state->Tail);

    public static QueueCore Create(int maxSize, int typeHash, int capacity = DefaultCapacity)
    {
        LockCore? putLock = null, getLock = null;
        SharedSegment? segment = null;
        try
        {
            putLock = LockCore.Create(SegmentKind.Lock);
            getLock = LockCore.Create(SegmentKind.Lock);
            segment = SharedSegment.Create(SegmentKind.Queue, RingOffset + capacity, s =>
            {
                var st = (QueueState*)s.Payload;
                st->Capacity = capacity;
                st->MaxSize = maxSize;
            }, typeHash: typeHash);
            return new QueueCore(segment, putLock, getLock);
        }
        catch
        {
            segment?.Dispose();
            putLock?.Dispose();
            getLock?.Dispose();
            throw;
        }
    }

    public static QueueCore Open(string name, string putLockName, string getLockName, int typeHash, string typeName)
    {
        SharedSegment segment = SharedSegment.Open(name, SegmentKind.Queue);
        if (segment.Header->TypeHash != typeHash)
        {
            segment.Dispose();
            throw new InvalidOperationException($"The queue '{name}' carries another item type than {typeName}.");
        }
        LockCore? putLock = null;
        try
        {
            putLock = LockCore.Open(putLockName, SegmentKind.Lock);
            return new QueueCore(segment, putLock, LockCore.Open(getLockName, SegmentKind.Lock));
        }
        catch
        {
            putLock?.Dispose();
            segment.Dispose();
            throw;
        }
    }

    /// <summary>Puts one serialized item, waiting for room up to the timeout (-1: forever).</summary>
    /// <returns>false when the timeout passed first.</returns>
    public bool Put(ReadOnlySpan<byte> item, int millisecondsTimeout, bool countUnfinished)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        // Big items go to a file of their own first, outside every lock; the ring gets its name.
        string? side = item.Length > Capacity / 4 ? WriteSideFile(item) : null;
        int need = 4 + (side is null ? item.Length : 4 + (side.Length * 2));
        var deadline = Deadline.In(millisecondsTimeout);
        bool registered = false;
        bool put = false;
        int signal = 0;
        try
        {
            while (true)
            {
                signal = PutSignal.Read();
                if (put = TryPutLocked(item, side, need, countUnfinished))
                {
                    return true;
                }
                if (deadline.HasPassed)
                {
                    if (side is not null)
                    {
                        TryDelete(side);
                    }
                    return false;
                }
                if (!registered)
                {
                    // Counted before the next look, so a Get after that look sees a sleeper and wakes it.
                    Interlocked.Increment(ref _state->SlotWaiters);
                    registered = true;
                    continue;
                }
                PutSignal.Wait(signal, deadline.Remaining);
            }
        }
        finally
        {
            if (registered)
            {
                Leave(ref _state->SlotWaiters, PutSignal, signal, !put);
            }
        }
    }

    private bool TryPutLocked(ReadOnlySpan<byte> item, string? side, int need, bool countUnfinished)
    {
        Acquire(_putLock);
        try
        {
            long tail = _state->Tail;
            long used = tail - Volatile.Read(ref _state->Head);
            if (Capacity - used < need || (MaxSize > 0 && Count >= MaxSize))
            {
                return false;
            }
            Span<byte> header = stackalloc byte[8];
            if (side is null)
            {
                BinaryPrimitives.WriteInt32LittleEndian(header, item.Length);
                Write(tail, header[..4]);
                Write(tail + 4, item);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(header, SideMark);
                BinaryPrimitives.WriteInt32LittleEndian(header[4..], side.Length);
                Write(tail, header);
                Write(tail + 8, MemoryMarshal.AsBytes(side.AsSpan()));
            }
            if (countUnfinished)
            {
                Interlocked.Increment(ref _state->Unfinished);
            }
            BeforePublishHook?.Invoke();
            // Publishing: consumers see the item only from here on, whole.
            Volatile.Write(ref _state->Tail, tail + need);
            Interlocked.Increment(ref _state->ItemsPut);
        }
        finally
        {
            _putLock.Release(LockCore.Me);
        }
        // The increment above is a full fence: a consumer that registered before it is seen here.
        if (Volatile.Read(ref _state->ItemWaiters) > 0)
        {
            Signal(&_state->GetSignal, 1);
        }
        return true;
    }

    /// <summary>Takes one item, waiting up to the timeout (-1: forever), and reads it with <paramref name="read"/>.</summary>
    /// <param name="millisecondsTimeout">-1 waits forever; 0 tries once.</param>
    /// <param name="read">Turns the item's bytes into a value; called once per item taken.</param>
    /// <param name="item">The value read.</param>
    /// <param name="endOfStream">Tells a pipe's reader the writer is gone; checked when the queue is empty.</param>
    /// <returns>false when the timeout passed first.</returns>
    public bool Get<T>(int millisecondsTimeout, Func<ReadOnlyMemory<byte>, T> read, out T item, Func<bool>? endOfStream = null)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var deadline = Deadline.In(millisecondsTimeout);
        bool registered = false;
        bool got = false;
        int signal = 0;
        try
        {
            while (true)
            {
                signal = GetSignal.Read();
                if (!IsEmpty && (got = TryGetLocked(read, out item)))
                {
                    return true;
                }
                if (endOfStream?.Invoke() == true && IsEmpty)
                {
                    throw new EndOfStreamException("The other end of the pipe was closed and everything it sent has been received.");
                }
                if (deadline.HasPassed)
                {
                    item = default!;
                    return false;
                }
                if (!registered)
                {
                    // Counted before the next look, so a Put after that look sees a sleeper and wakes it.
                    Interlocked.Increment(ref _state->ItemWaiters);
                    registered = true;
                    continue;
                }
                // A pipe's writer can die without a word: look at it now and then.
                GetSignal.Wait(signal, endOfStream is null ? deadline.Remaining : deadline.Slice(WriterCheckMs));
            }
        }
        finally
        {
            if (registered)
            {
                Leave(ref _state->ItemWaiters, GetSignal, signal, !got);
            }
        }
    }

    /// <summary>
    /// Reads the oldest item straight from the ring (no copy when it doesn't wrap around the
    /// end), under the consumers' lock, then takes it. An item that can't be read is taken all
    /// the same and its error thrown: left in place, it would block the queue for good.
    /// </summary>
    private bool TryGetLocked<T>(Func<ReadOnlyMemory<byte>, T> read, out T item)
    {
        string? side = null;
        Exception? error = null;
        item = default!;
        Acquire(_getLock);
        try
        {
            long head = _state->Head;
            if (head == Volatile.Read(ref _state->Tail))
            {
                return false;
            }
            Span<byte> header = stackalloc byte[8];
            Read(head, header[..4]);
            int length = BinaryPrimitives.ReadInt32LittleEndian(header);
            int size;
            if (length == SideMark)
            {
                Read(head + 4, header[4..]);
                int chars = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
                char[] name = new char[chars];
                Read(head + 8, MemoryMarshal.AsBytes(name.AsSpan()));
                side = new string(name);
                size = 8 + (chars * 2);
            }
            else
            {
                size = 4 + length;
                try
                {
                    item = read(RingMemory(head + 4, length));
                }
#pragma warning disable CA1031 // Rethrown below, once the item is taken and the lock released.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    error = e;
                }
            }
            BeforeTakeHook?.Invoke();
            // Taken: from here on the item is this consumer's.
            Volatile.Write(ref _state->Head, head + size);
            Interlocked.Increment(ref _state->ItemsTaken);
        }
        finally
        {
            _getLock.Release(LockCore.Me);
        }
        if (Volatile.Read(ref _state->SlotWaiters) > 0)
        {
            // All of them: the room made may fit a small item of one and not the big one of another.
            Signal(&_state->PutSignal, int.MaxValue);
        }
        if (error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
        if (side is not null)
        {
            item = read(ReadSideFile(side));
        }
        return true;
    }

    /// <summary>The bytes of an item in the ring: the mapped memory itself, or a copy when the item wraps around.</summary>
    private ReadOnlyMemory<byte> RingMemory(long position, int length)
    {
        int offset = (int)(position % Capacity);
        if (offset + length <= Capacity)
        {
            // One slice object per queue view, reused: only the holder of the consumers' lock reads.
            _slice.Reset(_ring + offset, length);
            return _slice.Memory;
        }
        byte[] copy = GC.AllocateUninitializedArray<byte>(length);
        Read(position, copy);
        return copy;
    }

    /// <summary>Lets MessagePack read mapped memory as a Memory&lt;byte&gt;, while the consumers' lock is held.</summary>
    private sealed class RingSlice : System.Buffers.MemoryManager<byte>
    {
        private byte* start;
        private int length;

        public void Reset(byte* at, int count)
        {
            start = at;
            length = count;
        }

        public override Span<byte> GetSpan() => new(start, length);

        public override System.Buffers.MemoryHandle Pin(int elementIndex = 0) => new(start + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }

    private static void Acquire(LockCore l)
    {
        // A dead owner's lock is taken over; the ring is consistent whatever it was doing,
        // because nothing it left half-done was published.
        l.Acquire(LockCore.Me, -1, out _);
    }

    private void Write(long position, ReadOnlySpan<byte> data)
    {
        int offset = (int)(position % Capacity);
        int first = Math.Min(data.Length, Capacity - offset);
        data[..first].CopyTo(new Span<byte>(_ring + offset, first));
        data[first..].CopyTo(new Span<byte>(_ring, data.Length - first));
    }

    private void Read(long position, Span<byte> data)
    {
        int offset = (int)(position % Capacity);
        int first = Math.Min(data.Length, Capacity - offset);
        new ReadOnlySpan<byte>(_ring + offset, first).CopyTo(data);
        new ReadOnlySpan<byte>(_ring, data.Length - first).CopyTo(data[first..]);
    }

    private static string WriteSideFile(ReadOnlySpan<byte> item)
    {
        (string name, FileStream file) = SegmentFiles.CreateNew();
        using (file)
        {
            file.Write(item);
        }
        return name;
    }

    private static byte[] ReadSideFile(string name)
    {
        byte[] data;
        using (FileStream file = SegmentFiles.OpenExisting(name, write: false))
        {
            data = new byte[file.Length];
            file.ReadExactly(data);
        }
        TryDelete(name);
        return data;
    }

    private static void TryDelete(string name)
    {
        try
        {
            File.Delete(ResourceTracker.PathOf(name));
        }
        catch (IOException)
        {
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _segment.Dispose();
        _putLock.Dispose();
        _getLock.Dispose();
    }
}
