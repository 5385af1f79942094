using System.Buffers;
using MessagePack;
using Harness.Processes;
using Harness.Queues;
using Harness.Shared;
using Harness.Transport;

namespace Harness;

/// <summary>
/// A first-in first-out queue shared by processes, like Python's <c>multiprocessing.Queue</c>:
/// any number of producers and consumers, in any processes. Pass it to a child as an argument;
/// the child opens the same queue. Create it with <see cref="Mp.Queue{T}"/>.
/// </summary>
/// <remarks>
/// Items are copied (MessagePack) into a ring buffer in shared memory. Each producer's items
/// arrive in the order it put them; nothing is lost or duplicated, also when a producer or a
/// consumer is killed half-way through (see <c>QueueCore</c>). The creator's
/// <see cref="Dispose"/> removes the queue's name; processes that already opened it keep using it.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The name mirrors Python's multiprocessing.Queue; API.md fixes it.")]
public class MpQueue<T> : IDisposable, IReadyForWait
{
    private static readonly int s_typeHash = SegmentHeader.HashOf(typeof(T));
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    private readonly bool _joinable;
    private bool _closed;
    private bool _putNoted;

    private protected MpQueue(QueueCore core, bool joinable)
    {
        Core = core;
        _joinable = joinable;
    }

    internal QueueCore Core { get; }

    internal static QueueCore CreateCore(int maxSize) => QueueCore.Create(maxSize, s_typeHash);

    internal static QueueCore OpenCore(string name, string putLock, string getLock) =>
        QueueCore.Open(name, putLock, getLock, s_typeHash, typeof(T).Name);

    internal static MpQueue<T> Create(int maxSize) => new(CreateCore(maxSize), joinable: false);

    internal static MpQueue<T> Open(string name, string putLock, string getLock) => new(OpenCore(name, putLock, getLock), joinable: false);

    /// <summary>The most items the queue holds before <see cref="Put"/> blocks; 0 when unbounded.</summary>
    public int MaxSize => Core.MaxSize;

    /// <summary>Puts an item, blocking while the queue is full.</summary>
    /// <param name="item">Copied now; later changes to it don't reach the queue.</param>
    /// <param name="timeout">How long to wait for room; null waits as long as it takes.</param>
    /// <exception cref="TimeoutException">The queue stayed full for the whole timeout.</exception>
    /// <exception cref="ArgumentException">The item can't be copied to another process.</exception>
    /// <exception cref="InvalidOperationException">This process closed the queue.</exception>
    public void Put(T item, TimeSpan? timeout = null)
    {
        int ms = Sync.Timeouts.ToMilliseconds(timeout, nameof(timeout));
        ReadOnlySpan<byte> bytes = Serialize(item);
        bool put;
        using (Blocking.Enter("Put", this, Kind, Core.Name, timed: ms >= 0))
        {
            put = Core.Put(bytes, ms, _joinable);
        }
        if (!put)
        {
            throw new TimeoutException($"The queue stayed full (MaxSize {MaxSize}) for {timeout}: no consumer took an item.");
        }
        NotePut();
    }

    /// <summary>Puts an item if there is room now, like <c>put_nowait</c>.</summary>
    /// <returns>false when the queue is full.</returns>
    public bool TryPut(T item)
    {
        if (!Core.Put(Serialize(item), 0, _joinable))
        {
            return false;
        }
        NotePut();
        return true;
    }

    /// <summary>Takes the oldest item, blocking while the queue is empty.</summary>
    /// <param name="timeout">How long to wait for an item; null waits as long as it takes.</param>
    /// <exception cref="TimeoutException">The queue stayed empty for the whole timeout.</exception>
    /// <exception cref="InvalidOperationException">This process closed the queue (Python's ValueError "Queue is closed"), raised at once.</exception>
    public T Get(TimeSpan? timeout = null)
    {
        ThrowIfClosed(nameof(Get));
        int ms = Sync.Timeouts.ToMilliseconds(timeout, nameof(timeout));
        bool got;
        T item;
        using (Blocking.Enter("Get", this, Kind, Core.Name, timed: ms >= 0))
        {
            got = Core.Get(ms, s_read, out item);
        }
        if (!got)
        {
            throw new TimeoutException(
                $"The queue stayed empty for {timeout}. If the producers are child processes, were they started, " +
                "and did they put anything? A parent that waits on the queue before starting its workers waits forever.");
        }
        QueueCore.TakenOnThisThread++;
        return item;
    }

    /// <summary>Takes the oldest item if there is one now, like <c>get_nowait</c>.</summary>
    /// <exception cref="InvalidOperationException">This process closed the queue.</exception>
    public bool TryGet(out T item)
    {
        ThrowIfClosed(nameof(TryGet));
        bool taken = Core.Get(0, s_read, out item);
        QueueCore.TakenOnThisThread += taken ? 1 : 0;
        return taken;
    }

    /// <summary>Takes the oldest item, waiting without blocking a thread of the caller's.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    /// <exception cref="InvalidOperationException">This process closed the queue.</exception>
    public async ValueTask<T> GetAsync(CancellationToken cancellationToken = default)
    {
        if (TryGet(out T item))
        {
            return item;
        }
        // The wait happens in short slices on a pool thread, so cancellation is noticed promptly.
        return await Task.Run(() =>
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ThrowIfClosed(nameof(GetAsync));
                if (Core.Get(50, s_read, out T taken))
                {
                    return taken;
                }
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    bool IReadyForWait.IsReadyForWait
    {
        get
        {
            ThrowIfClosed("wait");
            return !Core.IsEmpty;
        }
    }

    /// <summary>How many items the queue holds now; approximate while others use it, like <c>qsize()</c>.</summary>
    public int Count => Core.Count;

    /// <summary>Whether the queue holds no item now; approximate while others use it, like <c>empty()</c>.</summary>
    public bool IsEmpty => Core.IsEmpty;

    /// <summary>
    /// Says this process is done with the queue, like Python's <c>close()</c>: a later Put or Get
    /// in this process throws at once. Other processes keep using the queue; items already put stay.
    /// </summary>
    public void Close() => _closed = true;

    private void ThrowIfClosed(string operation)
    {
        if (_closed)
        {
            throw new InvalidOperationException($"This process closed the queue: it can't {operation} after Close().");
        }
    }

    /// <summary>Releases this process's view of the queue; the creator's also removes its name.</summary>
    public void Dispose()
    {
        Core.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>What a blocked call names this queue as.</summary>
    private string Kind => _joinable ? "joinable queue" : "queue";

    /// <summary>The first item this process puts on the queue is noted, so a consumer waiting for ever can be told who put what.</summary>
    private void NotePut()
    {
        if (!_putNoted)
        {
            _putNoted = true;
            Blocking.NotePut(Core.Name);
        }
    }

    private ReadOnlySpan<byte> Serialize(T item)
    {
        ThrowIfClosed(nameof(Put));
        // Serialized before any lock is taken, so a slow or failing item never blocks others.
        try
        {
            // One buffer per thread, reused: a Put allocates nothing for the item's bytes (for
            // 1 MB items, a new array each time cost half the throughput).
            if (t_buffer is { Capacity: > 4 << 20 })
            {
                t_buffer = null; // don't keep a huge item's buffer alive for small ones
            }
            ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
            buffer.ResetWrittenCount();
            try
            {
                MessagePackSerializer.Serialize(buffer, item, Serializer.Options);
                return buffer.WrittenSpan;
            }
            catch (MessagePackSerializationException)
            {
                // MessagePack 2.5's BigInteger formatter fails when it writes into an
                // IBufferWriter; its byte-array path works. Anything else fails there too.
                return MessagePackSerializer.Serialize(item, Serializer.Options);
            }
        }
        catch (MessagePackSerializationException e)
        {
            throw new ArgumentException($"An item of type {Blocking.TypeName(typeof(T))} can't be put on a queue: {SendErrors.Reason(e)}.", nameof(item), e);
        }
    }

    private static readonly Func<ReadOnlyMemory<byte>, T> s_read = bytes => MessagePackSerializer.Deserialize<T>(bytes, Serializer.Options);
}
