using System.Runtime.ExceptionServices;
using MessagePack;
using Harness.Pools;
using Harness.Transport;

namespace Harness;

/// <summary>
/// A pool of worker processes, like Python's <c>multiprocessing.Pool</c>: workers start once and
/// run many tasks each. Create it with <see cref="Mp.Pool(int?, int?)"/>; dispose it (or call
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

    /// <summary>Like <see cref="Map{T, TResult}"/>, without waiting: the list arrives through the result, like <c>map_async</c>.</summary>
    /// <param name="func">A static method or a lambda that captures nothing.</param>
    /// <param name="items">The inputs; each is copied to a worker.</param>
    /// <param name="chunkSize">Items per task; 0 picks <c>ceil(count / (4 * Processes))</c>, like Python.</param>
    /// <param name="callback">Called with the whole list once every chunk is back, before the result is ready (Python's <c>callback</c>).</param>
    /// <param name="errorCallback">Called once with the first failure, before the result is ready (Python's <c>error_callback</c>).</param>
    /// <remarks>
    /// Callbacks run on a thread of the pool's, one at a time across the pool, so they may
    /// update shared state without a lock; keep them short, as Python asks, since results wait
    /// behind them. A callback that throws fails the result with its exception.
    /// </remarks>
    public AsyncResult<List<TResult>> MapAsync<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize = 0,
        Action<List<TResult>>? callback = null, Action<Exception>? errorCallback = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkSize);
        int function = Register(func, nameof(func), typeof(T), typeof(TResult));
        return MapChunks<T, TResult>(function, [.. items], chunkSize, Pack, callback, errorCallback);
    }

    /// <summary>Like <see cref="Map{T, TResult}"/> for a function of two arguments, each item a pair, like Python's <c>starmap</c>.</summary>
    public List<TResult> StarMap<T1, T2, TResult>(Func<T1, T2, TResult> func, IEnumerable<(T1, T2)> items, int chunkSize = 0) =>
        StarMapAsync(func, items, chunkSize).Get();

    /// <summary>Like <see cref="StarMap{T1, T2, TResult}"/>, without waiting, like <c>starmap_async</c>; callbacks as for <see cref="MapAsync{T, TResult}"/>.</summary>
    public AsyncResult<List<TResult>> StarMapAsync<T1, T2, TResult>(Func<T1, T2, TResult> func, IEnumerable<(T1, T2)> items, int chunkSize = 0,
        Action<List<TResult>>? callback = null, Action<Exception>? errorCallback = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkSize);
        int function = Register(func, nameof(func), typeof(T1), typeof(T2), typeof(TResult));
        return MapChunks<(T1, T2), TResult>(function, [.. items], chunkSize, Pack, callback, errorCallback);
    }

    /// <summary>
    /// Applies <paramref name="func"/> to every item, yielding results in the order of the items as
    /// they arrive. The tasks are submitted now; enumerating waits for them. If enumerating
    /// <paramref name="items"/> throws, the results of the items before it are yielded first and
    /// then its exception is thrown, as in Python.
    /// </summary>
    public IEnumerable<TResult> IMap<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize = 1)
    {
        var (chunks, failure) = SubmitChunks(func, items, chunkSize);
        return Ordered(chunks, failure);

        static IEnumerable<TResult> Ordered(List<AsyncResult<TResult[]>> chunks, ExceptionDispatchInfo? failure)
        {
            foreach (var chunk in chunks)
            {
                foreach (TResult r in chunk.Get())
                {
                    yield return r;
                }
            }
            failure?.Throw();
        }
    }

    /// <summary>
    /// Like <see cref="IMap{T, TResult}"/>, but yields each result as soon as it is ready, in any
    /// order; an exception from enumerating <paramref name="items"/> comes after every result of the items before it.
    /// </summary>
    public IEnumerable<TResult> IMapUnordered<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize = 1)
    {
        var (chunks, failure) = SubmitChunks(func, items, chunkSize);
        return AsCompleted(chunks, failure);

        static IEnumerable<TResult> AsCompleted(List<AsyncResult<TResult[]>> chunks, ExceptionDispatchInfo? failure)
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
            failure?.Throw();
        }
    }

    /// <summary>Runs <c>func()</c> in a worker and waits for its result.</summary>
    public TResult Apply<TResult>(Func<TResult> func) => ApplyAsync(func).Get();

    /// <summary>Runs <c>func(arg1)</c> in a worker and waits for its result, like <c>pool.apply(job, (x,))</c>.</summary>
    public TResult Apply<T1, TResult>(Func<T1, TResult> func, T1 arg1) => ApplyAsync(func, arg1).Get();

    /// <summary>Runs <c>func(arg1, arg2)</c> in a worker and waits for its result.</summary>
    public TResult Apply<T1, T2, TResult>(Func<T1, T2, TResult> func, T1 arg1, T2 arg2) => ApplyAsync(func, arg1, arg2).Get();

    /// <summary>Submits <c>func()</c> to a worker; the result arrives through the returned <see cref="AsyncResult{T}"/>.</summary>
    /// <param name="func">A static method or a lambda that captures nothing.</param>
    /// <param name="callback">Called with the result before it is ready (Python's <c>callback</c>); see <see cref="MapAsync{T, TResult}"/> for where callbacks run.</param>
    /// <param name="errorCallback">Called with the failure before the result is ready (Python's <c>error_callback</c>).</param>
    public AsyncResult<TResult> ApplyAsync<TResult>(Func<TResult> func, Action<TResult>? callback = null, Action<Exception>? errorCallback = null)
    {
        int function = Register(func, nameof(func), typeof(TResult));
        return SubmitOne(function, MessagePackSerializer.Serialize(1, Serializer.Options), callback, errorCallback);
    }

    /// <summary>Submits <c>func(arg1)</c> to a worker, like <c>pool.apply_async(job, (x,), callback=..., error_callback=...)</c>.</summary>
    /// <param name="func">A static method or a lambda that captures nothing.</param>
    /// <param name="arg1">Copied to the worker.</param>
    /// <param name="callback">Called with the result before it is ready (Python's <c>callback</c>); see <see cref="MapAsync{T, TResult}"/> for where callbacks run.</param>
    /// <param name="errorCallback">Called with the failure before the result is ready (Python's <c>error_callback</c>).</param>
    /// <exception cref="ArgumentException">The function captures variables, or the argument can't be copied to another process.</exception>
    public AsyncResult<TResult> ApplyAsync<T1, TResult>(Func<T1, TResult> func, T1 arg1, Action<TResult>? callback = null, Action<Exception>? errorCallback = null)
    {
        int function = Register(func, nameof(func), typeof(T1), typeof(TResult));
        return SubmitOne(function, Pack(new[] { arg1 }), callback, errorCallback);
    }

    /// <summary>Submits <c>func(arg1, arg2)</c> to a worker.</summary>
    /// <param name="func">A static method or a lambda that captures nothing.</param>
    /// <param name="arg1">Copied to the worker.</param>
    /// <param name="arg2">Copied to the worker.</param>
    /// <param name="callback">Called with the result before it is ready (Python's <c>callback</c>).</param>
    /// <param name="errorCallback">Called with the failure before the result is ready (Python's <c>error_callback</c>).</param>
    /// <exception cref="ArgumentException">The function captures variables, or an argument can't be copied to another process.</exception>
    public AsyncResult<TResult> ApplyAsync<T1, T2, TResult>(Func<T1, T2, TResult> func, T1 arg1, T2 arg2,
        Action<TResult>? callback = null, Action<Exception>? errorCallback = null)
    {
        int function = Register(func, nameof(func), typeof(T1), typeof(T2), typeof(TResult));
        return SubmitOne(function, Pack(new[] { (arg1, arg2) }), callback, errorCallback);
    }

    /// <summary>When set (by a test), every ApplyAsync result is kept here, so the test can check the order of submits and waits.</summary>
    internal List<IOrderProbe>? Recorded { get; set; }

    private AsyncResult<TResult> SubmitOne<TResult>(int function, byte[] items, Action<TResult>? callback, Action<Exception>? errorCallback)
    {
        var result = new AsyncResult<TResult>();
        Submit([new ChunkTask<TResult>(function, items, r => Succeed(result, r[0], callback), e => Fail(result, e, errorCallback))]);
        result.SubmitSequence = AsyncResultClock.Next();
        lock (_lock)
        {
            Recorded?.Add(result);
        }
        return result;
    }

    /// <summary>
    /// Submits the chunks of <paramref name="items"/>; if enumerating them (or copying one) throws,
    /// the chunks before it go ahead and the exception is handed back for after their results.
    /// </summary>
    private (List<AsyncResult<TResult[]>> Results, ExceptionDispatchInfo? Failure) SubmitChunks<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        int function = Register(func, nameof(func), typeof(T), typeof(TResult));
        var results = new List<AsyncResult<TResult[]>>();
        var tasks = new List<PoolTask>();
        ExceptionDispatchInfo? failure = null;
        try
        {
            foreach (T[] chunk in items.Chunk(chunkSize))
            {
                var result = new AsyncResult<TResult[]>();
                tasks.Add(new ChunkTask<TResult>(function, Pack(chunk), r => result.TrySetResult(r), e => result.TrySetException(e)));
                results.Add(result);
            }
        }
#pragma warning disable CA1031 // Whatever the caller's sequence throws is rethrown to the caller, after the results before it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }
        Submit(tasks);
        return (results, failure);
    }

    /// <summary>Delivers a result: its callback first, one callback at a time across the pool, as Python's single result thread runs them.</summary>
    private void Succeed<TResult>(AsyncResult<TResult> result, TResult value, Action<TResult>? callback) =>
        _delivery.Succeed(result, value, callback);

    private void Fail<TResult>(AsyncResult<TResult> result, Exception error, Action<Exception>? errorCallback) =>
        _delivery.Fail(result, error, errorCallback);

    private AsyncResult<List<TResult>> MapChunks<T, TResult>(int function, T[] items, int chunkSize, Func<T[], byte[]> pack,
        Action<List<TResult>>? callback, Action<Exception>? errorCallback)
    {
        var result = new AsyncResult<List<TResult>>();
        if (items.Length == 0)
        {
            ThrowIfNotRunning();
            Succeed(result, [], callback);
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
                        Succeed(result, output, callback);
                    }
                },
                e => Fail(result, e, errorCallback))]);
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
            throw new ArgumentException($"An item of type {Harness.Processes.Blocking.TypeName(typeof(T))} can't be sent to a pool worker: {Transport.SendErrors.Reason(e)}.", e);
        }
    }
}
