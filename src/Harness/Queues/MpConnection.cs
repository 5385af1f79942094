using MessagePack;
using Harness.Queues;
using Harness.Transport;

namespace Harness;

/// <summary>
/// One end of a pipe between processes, like the connections of Python's <c>mp.Pipe()</c>.
/// Create both ends with <see cref="Mp.Pipe{T}"/> and pass one to a child as an argument.
/// </summary>
/// <remarks>
/// Each direction is a queue in shared memory with one writer. Once the other end is closed
/// (or its process has ended) and everything it sent has been received, <see cref="Recv"/>
/// throws <see cref="EndOfStreamException"/>, as Python's <c>recv()</c> raises EOFError.
/// </remarks>
public sealed class MpConnection<T> : IDisposable, IReadyForWait
{
    private static readonly Func<ReadOnlyMemory<byte>, T> s_read = bytes => MessagePackSerializer.Deserialize<T>(bytes, Serializer.Options);

    private readonly QueueCore? _send;
    private readonly QueueCore? _receive;
    private bool _closed;

    /// <param name="send">The queue this end writes to, or null for a receive-only end.</param>
    /// <param name="receive">The queue this end reads from, or null for a send-only end.</param>
    /// <param name="transitFrom">The pid of the process that sent this end here, whose reserved slot it takes over; 0 for a new end.</param>
    internal MpConnection(QueueCore? send, QueueCore? receive, int transitFrom = 0)
    {
        _send = send;
        _receive = receive;
        // Each open sending end, in whatever process, holds a slot: the reader's end of stream
        // is "no slot left in a live process", so a writer that crashes counts as closed.
        _send?.ClaimWriterSlot(transitFrom);
    }

    internal QueueCore? SendCore => _send;

    internal QueueCore? ReceiveCore => _receive;

    /// <summary>Sends an item to the other end; blocks only while the pipe's buffer is full.</summary>
    /// <exception cref="InvalidOperationException">This end is closed, or can only receive.</exception>
    /// <exception cref="ArgumentException">The item can't be copied to another process.</exception>
    public void Send(T item)
    {
        ThrowIfClosed();
        if (_send is null)
        {
            throw new InvalidOperationException("This end of a one-way pipe can only receive: send from the other end.");
        }
        byte[] bytes;
        try
        {
            bytes = MessagePackSerializer.Serialize(item, Serializer.Options);
        }
        catch (MessagePackSerializationException e)
        {
            throw new ArgumentException($"An item of type {Processes.Blocking.TypeName(typeof(T))} can't be sent through a pipe: {SendErrors.Reason(e)}.", nameof(item), e);
        }
        using var waiting = Processes.Blocking.Enter("Send", this, "pipe", _send.Name, timed: false);
        _send.Put(bytes, -1, countUnfinished: false);
    }

    /// <summary>Receives the next item, blocking until one arrives.</summary>
    /// <param name="timeout">How long to wait; null waits until an item arrives or the other end closes.</param>
    /// <exception cref="EndOfStreamException">The other end is closed and everything it sent was received.</exception>
    /// <exception cref="TimeoutException">Nothing arrived within the timeout.</exception>
    /// <exception cref="InvalidOperationException">This end is closed, or can only send.</exception>
    public T Recv(TimeSpan? timeout = null)
    {
        QueueCore receive = Receiving();
        int ms = Sync.Timeouts.ToMilliseconds(timeout, nameof(timeout));
        using var waiting = Processes.Blocking.Enter("Recv", this, "pipe", receive.Name, timed: ms >= 0);
        return receive.Get(ms, s_read, out T item, receive.WritersGone)
            ? item
            : throw new TimeoutException($"Nothing arrived on the pipe within {timeout}.");
    }

    /// <summary>Whether an item can be received now, or arrives within the timeout (zero: just look).</summary>
    public bool Poll(TimeSpan timeout = default)
    {
        QueueCore receive = Receiving();
        // An item, or the end of the stream, which Recv reports at once.
        return receive.WaitReadable(Sync.Timeouts.ToMilliseconds(timeout, nameof(timeout)), receive.WritersGone);
    }

    bool IReadyForWait.IsReadyForWait => Poll(TimeSpan.Zero);

    /// <summary>Closes this end: the other end's Recv ends with <see cref="EndOfStreamException"/> once it has read what was sent.</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        _send?.ReleaseWriterSlot();
    }

    /// <summary>Closes this end and releases this process's view of the pipe.</summary>
    public void Dispose()
    {
        Close();
        _send?.Dispose();
        _receive?.Dispose();
    }

    private QueueCore Receiving()
    {
        ThrowIfClosed();
        return _receive ?? throw new InvalidOperationException("This end of a one-way pipe can only send: receive at the other end.");
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new InvalidOperationException("This end of the pipe is closed.");
        }
    }
}
