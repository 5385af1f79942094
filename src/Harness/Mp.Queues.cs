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
