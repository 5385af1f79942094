using System.Runtime.InteropServices;
using Harness.Cluster.Workers;
using Harness.Pools;

namespace Harness.Cluster;

/// <summary>
/// A pool whose workers are grains on the silos of a Microsoft Orleans cluster: the same
/// <see cref="IPool"/> as <see cref="MpPool"/>, so code written for a local pool runs on many
/// machines by changing the line that makes the pool. Make one with <see cref="Connect"/>.
/// </summary>
/// <remarks>
/// <para>A task travels exactly as it does to a local worker process: the method's identity
/// (assembly, module version, metadata token) and its serialized arguments. Every silo must
/// therefore load the same build of the method's assembly; a silo that loaded another build
/// refuses the task with a <see cref="RemoteException"/> saying so, as a local child does.</para>
/// <para>Workers are spread evenly: the same number on every silo (by default as many as the
/// silo has cores), each pinned to its silo. A task that throws fails with
/// <see cref="RemoteException"/>. A silo that dies fails the tasks it was running with
/// <see cref="WorkerLostException"/> naming it, or runs them once more on another silo when
/// the method is marked <see cref="IdempotentAttribute"/>; the pool goes on with the silos
/// left, and no result waits forever. <see cref="Terminate"/> cancels the tasks not started
/// on every silo; a task already running on a silo runs to its end, and its result is dropped.</para>
/// </remarks>
public sealed partial class ClusterPool : IPool, IAsyncDisposable
{
    /// <summary>How many tasks the pool runs at once: its workers on the silos still alive.</summary>
    public int Processes
    {
        get
        {
            lock (_lock)
            {
                return _workers.Count(w => !w.Lost);
            }
        }
    }

    /// <summary>The silos the pool's workers were placed on, by address, in order.</summary>
    public IReadOnlyList<string> Silos { get; }

    /// <summary>Inside a task running on a cluster: the silo running it; null elsewhere.</summary>
    public static string? CurrentSilo => PoolWorkerGrain.CurrentSilo;

    /// <summary>Applies <paramref name="func"/> to every item on the cluster, and returns the results in the order of the items.</summary>
    /// <param name="func">A static method or a lambda that captures nothing, compiled into an assembly every silo loads.</param>
    /// <param name="items">The inputs; each is copied to a silo.</param>
    /// <param name="chunkSize">Items per task; 0 picks <c>ceil(count / (4 * Processes))</c>, like Python.</param>
    /// <exception cref="RemoteException">The function threw for some item.</exception>
    /// <exception cref="WorkerLostException">A silo died while running a chunk of a function not marked <see cref="IdempotentAttribute"/>.</exception>
    public List<TResult> Map<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize = 0) =>
        MapAsync(func, items, chunkSize).Get();

    /// <summary>Like <see cref="Map{T, TResult}"/>, without waiting: the list arrives through the result.</summary>
    /// <param name="func">A static method or a lambda that captures nothing, compiled into an assembly every silo loads.</param>
    /// <param name="items">The inputs; each is copied to a silo.</param>
    /// <param name="chunkSize">Items per task; 0 picks <c>ceil(count / (4 * Processes))</c>, like Python.</param>
    /// <param name="callback">Called in this process with the whole list before the result is ready (Python's <c>callback</c>); callbacks of one pool run one at a time.</param>
    /// <param name="errorCallback">Called once with the first failure, before the result is ready (Python's <c>error_callback</c>).</param>
    public AsyncResult<List<TResult>> MapAsync<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize = 0,
        Action<List<TResult>>? callback = null, Action<Exception>? errorCallback = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkSize);
        ClusterFunction function = Register(func, nameof(func), typeof(T), typeof(TResult));
        return MapChunks<T, TResult>(function, [.. items], chunkSize, callback, errorCallback);
    }

    /// <summary>Like <see cref="Map{T, TResult}"/> for a function of two arguments, each item a pair (Python's <c>starmap</c>).</summary>
    public List<TResult> StarMap<T1, T2, TResult>(Func<T1, T2, TResult> func, IEnumerable<(T1, T2)> items, int chunkSize = 0) =>
        StarMapAsync(func, items, chunkSize).Get();

    /// <summary>Like <see cref="StarMap{T1, T2, TResult}"/>, without waiting (Python's <c>starmap_async</c>); callbacks as for <see cref="MapAsync{T, TResult}"/>.</summary>
    public AsyncResult<List<TResult>> StarMapAsync<T1, T2, TResult>(Func<T1, T2, TResult> func, IEnumerable<(T1, T2)> items, int chunkSize = 0,
        Action<List<TResult>>? callback = null, Action<Exception>? errorCallback = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkSize);
        ClusterFunction function = Register(func, nameof(func), typeof(T1), typeof(T2), typeof(TResult));
        return MapChunks<(T1, T2), TResult>(function, [.. items], chunkSize, callback, errorCallback);
    }

    /// <summary>Applies <paramref name="func"/> to every item, yielding results in the order of the items. The tasks are submitted now.</summary>
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

    /// <summary>Like <see cref="IMap{T, TResult}"/>, yielding each result as soon as it is ready, in any order.</summary>
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

    /// <summary>Runs <c>func()</c> on a silo and waits for its result.</summary>
    public TResult Apply<TResult>(Func<TResult> func) => ApplyAsync(func).Get();

    /// <summary>Runs <c>func(arg1)</c> on a silo and waits for its result.</summary>
    public TResult Apply<T1, TResult>(Func<T1, TResult> func, T1 arg1) => ApplyAsync(func, arg1).Get();

    /// <summary>Runs <c>func(arg1, arg2)</c> on a silo and waits for its result.</summary>
    public TResult Apply<T1, T2, TResult>(Func<T1, T2, TResult> func, T1 arg1, T2 arg2) => ApplyAsync(func, arg1, arg2).Get();

    /// <summary>Submits <c>func()</c> to a silo; the result arrives through the returned <see cref="AsyncResult{T}"/>.</summary>
    /// <param name="func">A static method or a lambda that captures nothing.</param>
    /// <param name="callback">Called in this process with the result before it is ready (Python's <c>callback</c>); see <see cref="MapAsync{T, TResult}"/>.</param>
    /// <param name="errorCallback">Called with the failure before the result is ready (Python's <c>error_callback</c>).</param>
    public AsyncResult<TResult> ApplyAsync<TResult>(Func<TResult> func, Action<TResult>? callback = null, Action<Exception>? errorCallback = null)
    {
        ClusterFunction function = Register(func, nameof(func), typeof(TResult));
        return SubmitOne(function, RemoteTasks.PackCalls(1), callback, errorCallback);
    }

    /// <summary>Submits <c>func(arg1)</c> to a silo, like <c>pool.apply_async(job, (x,))</c>.</summary>
    /// <exception cref="ArgumentException">The function captures variables, or the argument can't be copied to another process.</exception>
    /// <param name="func">A static method or a lambda that captures nothing.</param>
    /// <param name="arg1">Copied to the silo.</param>
    /// <param name="callback">Called in this process with the result before it is ready (Python's <c>callback</c>).</param>
    /// <param name="errorCallback">Called with the failure before the result is ready (Python's <c>error_callback</c>).</param>
    public AsyncResult<TResult> ApplyAsync<T1, TResult>(Func<T1, TResult> func, T1 arg1, Action<TResult>? callback = null, Action<Exception>? errorCallback = null)
    {
        ClusterFunction function = Register(func, nameof(func), typeof(T1), typeof(TResult));
        return SubmitOne(function, RemoteTasks.PackItems(new[] { arg1 }), callback, errorCallback);
    }

    /// <summary>Submits <c>func(arg1, arg2)</c> to a silo.</summary>
    /// <exception cref="ArgumentException">The function captures variables, or an argument can't be copied to another process.</exception>
    /// <param name="func">A static method or a lambda that captures nothing.</param>
    /// <param name="arg1">Copied to the silo.</param>
    /// <param name="arg2">Copied to the silo.</param>
    /// <param name="callback">Called in this process with the result before it is ready (Python's <c>callback</c>).</param>
    /// <param name="errorCallback">Called with the failure before the result is ready (Python's <c>error_callback</c>).</param>
    public AsyncResult<TResult> ApplyAsync<T1, T2, TResult>(Func<T1, T2, TResult> func, T1 arg1, T2 arg2,
        Action<TResult>? callback = null, Action<Exception>? errorCallback = null)
    {
        ClusterFunction function = Register(func, nameof(func), typeof(T1), typeof(T2), typeof(TResult));
        return SubmitOne(function, RemoteTasks.PackItems(new[] { (arg1, arg2) }), callback, errorCallback);
    }

    private AsyncResult<TResult> SubmitOne<TResult>(ClusterFunction function, byte[] items, Action<TResult>? callback, Action<Exception>? errorCallback)
    {
        var result = new AsyncResult<TResult>();
        Submit([new ClusterChunk<TResult>(function, items, r => _delivery.Succeed(result, r[0], callback), e => _delivery.Fail(result, e, errorCallback))]);
        return result;
    }

    private List<AsyncResult<TResult[]>> SubmitChunks<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ClusterFunction function = Register(func, nameof(func), typeof(T), typeof(TResult));
        var results = new List<AsyncResult<TResult[]>>();
        var tasks = new List<ClusterTask>();
        foreach (T[] chunk in items.Chunk(chunkSize))
        {
            var result = new AsyncResult<TResult[]>();
            results.Add(result);
            tasks.Add(new ClusterChunk<TResult>(function, RemoteTasks.PackItems(chunk), r => result.TrySetResult(r), e => result.TrySetException(e)));
        }
        Submit(tasks);
        return results;
    }

    private AsyncResult<List<TResult>> MapChunks<T, TResult>(ClusterFunction function, T[] items, int chunkSize,
        Action<List<TResult>>? callback, Action<Exception>? errorCallback)
    {
        var result = new AsyncResult<List<TResult>>();
        if (items.Length == 0)
        {
            ThrowIfNotRunning();
            _delivery.Succeed(result, [], callback);
            return result;
        }
        if (chunkSize == 0)
        {
            // Python: chunksize, extra = divmod(len(iterable), len(pool) * 4); if extra: chunksize += 1
            int workers = Math.Max(1, Processes);
            chunkSize = (items.Length + (4 * workers) - 1) / (4 * workers);
        }
        var output = new List<TResult>(items.Length);
        CollectionsMarshal.SetCount(output, items.Length);
        int remaining = (items.Length + chunkSize - 1) / chunkSize;
        var tasks = new List<ClusterTask>(remaining);
        for (int start = 0; start < items.Length; start += chunkSize)
        {
            int offset = start;
            T[] chunk = items[start..Math.Min(items.Length, start + chunkSize)];
            tasks.Add(new ClusterChunk<TResult>(function, RemoteTasks.PackItems(chunk),
                r =>
                {
                    r.CopyTo(CollectionsMarshal.AsSpan(output)[offset..]);
                    if (Interlocked.Decrement(ref remaining) == 0)
                    {
                        _delivery.Succeed(result, output, callback);
                    }
                },
                e => _delivery.Fail(result, e, errorCallback)));
        }
        Submit(tasks);
        return result;
    }
}
