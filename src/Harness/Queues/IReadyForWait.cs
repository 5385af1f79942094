namespace Harness.Queues;

/// <summary>What <see cref="Mp.Wait{T}"/> can wait for: a harness object that can say, without blocking, whether it is ready.</summary>
internal interface IReadyForWait
{
    /// <summary>
    /// Whether a wait on this object would end now: a connection or queue with an item (or a
    /// pipe's end of stream), a process that has exited.
    /// </summary>
    /// <exception cref="InvalidOperationException">The object can't be waited for (a closed or send-only end, a process not started).</exception>
    bool IsReadyForWait { get; }
}
