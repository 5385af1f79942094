namespace Harness;

/// <summary>
/// A plain first-in first-out queue shared by processes, like Python's
/// <c>multiprocessing.SimpleQueue</c>: put, get, empty and close, with no size limit, no
/// timeouts and no counts. Pass it to a child as an argument; the child opens the same queue.
/// Create it with <see cref="Mp.SimpleQueue{T}"/>.
/// </summary>
/// <remarks>
/// It is the same shared-memory queue as <see cref="MpQueue{T}"/> with a smaller surface, so it
/// loses nothing when a process using it is killed. <see cref="Close"/> ends its use in this
/// process: every later call here throws, as Python's calls on a closed SimpleQueue raise.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The name mirrors Python's multiprocessing.SimpleQueue.")]
public sealed class MpSimpleQueue<T> : IDisposable, Queues.IReadyForWait
{
    private readonly MpQueue<T> _queue;
    private bool _closed;

    internal MpSimpleQueue(MpQueue<T> queue) => _queue = queue;

    internal Queues.QueueCore Core => _queue.Core;

    /// <summary>Puts an item; blocks only while the queue's buffer is full.</summary>
    /// <param name="item">Copied now; later changes to it don't reach the queue.</param>
    /// <exception cref="ArgumentException">The item can't be copied to another process.</exception>
    /// <exception cref="InvalidOperationException">The queue was closed in this process.</exception>
    public void Put(T item)
    {
        ThrowIfClosed();
        _queue.Put(item);
    }

    /// <summary>Takes the oldest item, blocking until there is one, like <c>get()</c>.</summary>
    /// <param name="timeout">How long to wait; null (Python's only choice) waits as long as it takes.</param>
    /// <exception cref="TimeoutException">The queue stayed empty for the whole timeout.</exception>
    /// <exception cref="InvalidOperationException">The queue was closed in this process.</exception>
    public T Get(TimeSpan? timeout = null)
    {
        ThrowIfClosed();
        return _queue.Get(timeout);
    }

    /// <summary>Whether the queue holds no item now, like <c>empty()</c>; approximate while others use it.</summary>
    /// <exception cref="InvalidOperationException">The queue was closed in this process.</exception>
    public bool IsEmpty
    {
        get
        {
            ThrowIfClosed();
            return _queue.IsEmpty;
        }
    }

    bool Queues.IReadyForWait.IsReadyForWait => !IsEmpty;

    /// <summary>Ends the queue's use in this process, like <c>close()</c>; closing twice is fine. Other processes keep using it.</summary>
    public void Close() => _closed = true;

    /// <summary>Releases this process's view of the queue; the creator's also removes its name.</summary>
    public void Dispose()
    {
        _closed = true;
        _queue.Dispose();
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new InvalidOperationException("This SimpleQueue was closed in this process: it can't be used after Close().");
        }
    }
}
