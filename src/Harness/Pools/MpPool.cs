using MessagePack;
using Harness.Pools;
using Harness.Transport;

namespace Harness;

/// <summary>
/// A pool of worker processes, like Python's <c>multiprocessing.Pool</c>: workers start once and
/// run many tasks each. Create it with <see cref="Mp.Pool"/>; dispose it (or call
/// <see cref="Terminate"/>) to stop the workers, like <c>with Pool() as p:</c>.
/// </summary>
/// <remarks>
/// Functions are static methods or lambdas that capture nothing; arguments and results are
/// copied with MessagePack. A task that throws fails with <see cref="RemoteException"/>; a
/// worker that dies fails the task it was running with <see cref="WorkerLostException"/> and is
/// replaced, so no result waits forever (CPython's pool hangs there).
/// </remarks>
public sealed partial class MpPool : IPool
{
    /// <summary>The number of worker processes.</summary>
    public int Processes { get; }

    /// <summary>Applies <paramref name="func"/> to every item in worker processes, and returns the results in the order of the items.</summary>
    /// <param name="func">A static method or a lambda that captures nothing.</param>
    /// <param name="items">The inputs; each is copied to a worker.</param>
    /// <param name="chunkSize">Items per task; 0 picks <c>ceil(count / (4 * Processes))</c>, like Python.</param>
    /// <exception cref="RemoteException">The function threw for some item.</exception>
    /// <exception cref="WorkerLostException">A worker died while running a chunk.</exception>
    public List<TResult> Map<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize = 0) =>
        MapAsync(func, items, chunkSize).Get();

    /// <summary>Like <see cref="Map{T, TResult}"/>, without waiting: the list arrives through the result.</summary>
    public AsyncResult<List<TResult>> MapAsync<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize = 0)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkSize);
        int function = Register(func, nameof(func), typeof(T), typeof(TResult));
        return MapChunks<T, TResult>(function, [.. items], chunkSize, Pack);
    }

    /// <summary>Like <see cref="Map{T, TResult}"/> for a function of two arguments, each item a pair, like Python's <c>starmap</c>.</summary>
    public List<TResult> StarMap<T1, T2, TResult>(Func<T1, T2, TResult> func, IEnumerable<(T1, T2)> items, int chunkSize = 0)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkSize);
        int function = Register(func, nameof(func), typeof(T1), typeof(T2), typeof(TResult));
        return MapChunks<(T1, T2), TResult>(function, [.. items], chunkSize, Pack).Get();
    }

    /// <summary>
    /// Applies <paramref name="func"/> to every item, yielding results in the order of the items as
    /// they arrive. The tasks are submitted now; enumerating waits for them.
    /// </summary>
    public IEnumerable<TResult> IMap<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize = 1)
    {
        var chunks = SubmitChunks(func, items, chunkSize);
        return Ordered(chunks);

        static IEnumerable<TResult> Ordered(List<AsyncResult<TResult[]>> chunks)
        {
            foreach (var chunk in chunks)
            {
                foreach (TResult r in chunk.Get())
                {
                    yield return r;
                }
            }
        }
    }

    /// <summary>Like <see cref="IMap{T, TResult}"/>, but yields each result as soon as it is ready, in any order.</summary>
    public IEnumerable<TResult> IMapUnordered<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize = 1)
    {
        var chunks = SubmitChunks(func, items, chunkSize);
        return AsCompleted(chunks);

        static IEnumerable<TResult> AsCompleted(List<AsyncResult<TResult[]>> chunks)
        {
            var pending = chunks.Select(c => c.AsTask()).ToList();
            while (pending.Count > 0)
            {
                Task<TResult[]> done = Task.WhenAny(pending).GetAwaiter().GetResult();
                pending.Remove(done);
                foreach (TResult r in done.GetAwaiter().GetResult())
                {
                    yield return r;
                }
            }
        }
    }

    /// <summary>Runs <c>func()</c> in a worker and waits for its result.</summary>
    public TResult Apply<TResult>(Func<TResult> func) => ApplyAsync(func).Get();

    /// <summary>Runs <c>func(arg1)</c> in a worker and waits for its result, like <c>pool.apply(job, (x,))</c>.</summary>
    public TResult Apply<T1, TResult>(Func<T1, TResult> func, T1 arg1) => ApplyAsync(func, arg1).Get();

    /// <summary>Runs <c>func(arg1, arg2)</c> in a worker and waits for its result.</summary>
    public TResult Apply<T1, T2, TResult>(Func<T1, T2, TResult> func, T1 arg1, T2 arg2) => ApplyAsync(func, arg1, arg2).Get();

    /// <summary>Submits <c>func()</c> to a worker; the result arrives through the returned <see cref="AsyncResult{T}"/>.</summary>
    public AsyncResult<TResult> ApplyAsync<TResult>(Func<TResult> func)
    {
        int function = Register(func, nameof(func), typeof(TResult));
        return SubmitOne<TResult>(function, MessagePackSerializer.Serialize(1, Serializer.Options));
    }

    /// <summary>Submits <c>func(arg1)</c> to a worker, like <c>pool.apply_async(job, (x,))</c>.</summary>
    /// <exception cref="ArgumentException">The function captures variables, or the argument can't be copied to another process.</exception>
    public AsyncResult<TResult> ApplyAsync<T1, TResult>(Func<T1, TResult> func, T1 arg1)
    {
        int function = Register(func, nameof(func), typeof(T1), typeof(TResult));
        return SubmitOne<TResult>(function, Pack(new[] { arg1 }));
    }

    /// <summary>Submits <c>func(arg1, arg2)</c> to a worker.</summary>
    /// <exception cref="ArgumentException">The function captures variables, or an argument can't be copied to another process.</exception>
    public AsyncResult<TResult> ApplyAsync<T1, T2, TResult>(Func<T1, T2, TResult> func, T1 arg1, T2 arg2)
    {
        int function = Register(func, nameof(func), typeof(T1), typeof(T2), typeof(TResult));
        return SubmitOne<TResult>(function, Pack(new[] { (arg1, arg2) }));
    }

    /// <summary>When set (by a test), every ApplyAsync result is kept here, so the test can check the order of submits and waits.</summary>
    internal List<IOrderProbe>? Recorded { get; set; }

    private AsyncResult<TResult> SubmitOne<TResult>(int function, byte[] items)
    {
        var result = new AsyncResult<TResult>();
        Submit([new ChunkTask<TResult>(function, items, r => result.TrySetResult(r[0]), e => result.TrySetException(e))]);
        result.SubmitSequence = AsyncResultClock.Next();
        lock (_lock)
        {
            Recorded?.Add(result);
        }
        return result;
    }

    private List<AsyncResult<TResult[]>> SubmitChunks<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        int function = Register(func, nameof(func), typeof(T), typeof(TResult));
        var results = new List<AsyncResult<TResult[]>>();
        var tasks = new List<PoolTask>();
        foreach (T[] chunk in items.Chunk(chunkSize))
        {
            var result = new AsyncResult<TResult[]>();
            results.Add(result);
            tasks.Add(new ChunkTask<TResult>(function, Pack(chunk), r => result.TrySetResult(r), e => result.TrySetException(e)));
        }
        Submit(tasks);
        return results;
    }

    private AsyncResult<List<TResult>> MapChunks<T, TResult>(int function, T[] items, int chunkSize, Func<T[], byte[]> pack)
    {
        var result = new AsyncResult<List<TResult>>();
        if (items.Length == 0)
        {
            ThrowIfNotRunning();
            result.TrySetResult([]);
            return result;
        }
        if (chunkSize == 0)
        {
            // Python: chunksize, extra = divmod(len(iterable), len(pool) * 4); if extra: chunksize += 1
            chunkSize = (items.Length + (4 * Processes) - 1) / (4 * Processes);
        }
        // Results land straight in the list the caller gets: no copy at the end.
        var output = new List<TResult>(items.Length);
        System.Runtime.InteropServices.CollectionsMarshal.SetCount(output, items.Length);
        int remaining = (items.Length + chunkSize - 1) / chunkSize;
        for (int start = 0; start < items.Length; start += chunkSize)
        {
            int offset = start;
            T[] chunk = items[start..Math.Min(items.Length, start + chunkSize)];
            // Each chunk is submitted as soon as it is packed, so workers start on the first
            // while this thread packs the rest.
            Submit([new ChunkTask<TResult>(function, pack(chunk),
                r =>
                {
                    r.CopyTo(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(output)[offset..]);
                    if (Interlocked.Decrement(ref remaining) == 0)
                    {
                        result.TrySetResult(output);
                    }
                },
                e => result.TrySetException(e))]);
        }
        return result;
    }

    /// <summary>Serializes a chunk in the caller's thread: an item that can't be copied fails the call, not a worker.</summary>
    private static byte[] Pack<T>(T[] chunk)
    {
        try
        {
            return ArrayCodec.ToBytes(chunk);
        }
        catch (MessagePackSerializationException e)
        {
            throw new ArgumentException($"An item of type {typeof(T).Name} can't be sent to a pool worker: {e.InnerException?.Message ?? e.Message}", e);
        }
    }
}
