namespace Harness;

public static partial class Mp
{
    /// <summary>Creates a queue shared by processes, like <c>mp.Queue(maxsize)</c>.</summary>
    /// <param name="maxSize">The most items it holds before Put blocks; 0 (the default) for no limit but memory.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative size.</exception>
    public static MpQueue<T> Queue<T>(int maxSize = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        return MpQueue<T>.Create(maxSize);
    }

    /// <summary>Creates a queue whose consumers mark items done, like <c>mp.JoinableQueue(maxsize)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative size.</exception>
    public static MpJoinableQueue<T> JoinableQueue<T>(int maxSize = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        return MpJoinableQueue<T>.Create(maxSize);
    }

    /// <summary>
    /// Waits until at least one of <paramref name="objects"/> is ready and returns those that are,
    /// in their order, like <c>multiprocessing.connection.wait(object_list, timeout)</c>: a
    /// connection with something to receive (or whose other end has closed, which
    /// <see cref="MpConnection{T}.Recv"/> then reports at once), a queue with an item, a process
    /// that has exited (Python passes its <c>sentinel</c>; here the process itself).
    /// </summary>
    /// <param name="objects">Connections, queues and processes, of any item types (T may be object).</param>
    /// <param name="timeout">How long to wait; null waits until one is ready; zero just looks.</param>
    /// <returns>The ready objects; empty when the timeout passed first.</returns>
    /// <exception cref="ArgumentException">An object is not a connection, queue or process.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is negative and not infinite.</exception>
    /// <exception cref="InvalidOperationException">A connection is closed or can only send, or a process was never started.</exception>
    public static List<T> Wait<T>(IEnumerable<T> objects, TimeSpan? timeout = null) where T : class
    {
        ArgumentNullException.ThrowIfNull(objects);
        int ms = Sync.Timeouts.ToMilliseconds(timeout, nameof(timeout));
        return Queues.ConnectionWait.Wait([.. objects], ms);
    }

    /// <summary>Creates a plain queue shared by processes, like <c>mp.SimpleQueue()</c>: put, get, empty and close.</summary>
    public static MpSimpleQueue<T> SimpleQueue<T>() => new(MpQueue<T>.Create(0));

    /// <summary>
    /// Creates the two ends of a pipe, like <c>mp.Pipe(duplex)</c>. Duplex: both ends send and
    /// receive. One-way: <c>Left</c> only receives, <c>Right</c> only sends.
    /// </summary>
    public static (MpConnection<T> Left, MpConnection<T> Right) Pipe<T>(bool duplex = true)
    {
        // Each end holds its own views of the queues, so disposing one end leaves the other whole.
        var cores = new List<Queues.QueueCore>();
        try
        {
            cores.Add(MpQueue<T>.CreateCore(0));                     // to the left end
            cores.Add(OpenAgain(cores[0]));
            if (duplex)
            {
                cores.Add(MpQueue<T>.CreateCore(0));                 // to the right end
                cores.Add(OpenAgain(cores[2]));
            }
            return duplex
                ? (new MpConnection<T>(cores[2], cores[0]), new MpConnection<T>(cores[1], cores[3]))
                : (new MpConnection<T>(null, cores[0]), new MpConnection<T>(cores[1], null));
        }
        catch
        {
            cores.ForEach(c => c.Dispose());
            throw;
        }

        static Queues.QueueCore OpenAgain(Queues.QueueCore core) => MpQueue<T>.OpenCore(core.Name, core.PutLockName, core.GetLockName);
    }
}
