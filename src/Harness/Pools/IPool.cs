namespace Harness;

/// <summary>
/// What every pool offers, like Python's <c>multiprocessing.Pool</c>: code written against it runs
/// on local worker processes (<see cref="MpPool"/>) or on a cluster's machines (the cluster pool in
/// <c>Harness.Cluster</c>) by changing only the line that makes the pool.
/// </summary>
/// <remarks>
/// Functions are static methods or lambdas that capture nothing; arguments and results are
/// copied. A task that throws fails with <see cref="RemoteException"/>; a worker that is lost
/// while running a task fails it with <see cref="WorkerLostException"/>; no result waits forever.
/// </remarks>
public interface IPool : IDisposable
{
    /// <summary>How many tasks the pool runs at once: its worker processes.</summary>
    int Processes { get; }

    /// <summary>Applies <paramref name="func"/> to every item in the workers; the results keep the order of the items.</summary>
    /// <param name="func">A static method or a lambda that captures nothing.</param>
    /// <param name="items">The inputs; each is copied to a worker.</param>
    /// <param name="chunkSize">Items per task; 0 picks <c>ceil(count / (4 * Processes))</c>, like Python.</param>
    List<TResult> Map<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize = 0);

    /// <summary>Like <see cref="Map{T, TResult}"/>, without waiting: the list arrives through the result.</summary>
    /// <param name="func">A static method or a lambda that captures nothing.</param>
    /// <param name="items">The inputs; each is copied to a worker.</param>
    /// <param name="chunkSize">Items per task; 0 picks <c>ceil(count / (4 * Processes))</c>, like Python.</param>
    /// <param name="callback">Called with the whole list before the result is ready (Python's <c>callback</c>); callbacks of one pool run one at a time.</param>
    /// <param name="errorCallback">Called once with the first failure, before the result is ready (Python's <c>error_callback</c>).</param>
    AsyncResult<List<TResult>> MapAsync<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize = 0,
        Action<List<TResult>>? callback = null, Action<Exception>? errorCallback = null);

    /// <summary>Applies <paramref name="func"/> to every item, yielding results in the order of the items as they arrive.</summary>
    IEnumerable<TResult> IMap<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize = 1);

    /// <summary>Like <see cref="IMap{T, TResult}"/>, yielding each result as soon as it is ready, in any order.</summary>
    IEnumerable<TResult> IMapUnordered<T, TResult>(Func<T, TResult> func, IEnumerable<T> items, int chunkSize = 1);

    /// <summary>Like <see cref="Map{T, TResult}"/> for a function of two arguments, each item a pair (Python's <c>starmap</c>).</summary>
    List<TResult> StarMap<T1, T2, TResult>(Func<T1, T2, TResult> func, IEnumerable<(T1, T2)> items, int chunkSize = 0);

    /// <summary>Like <see cref="StarMap{T1, T2, TResult}"/>, without waiting (Python's <c>starmap_async</c>); callbacks as for <c>MapAsync</c>.</summary>
    AsyncResult<List<TResult>> StarMapAsync<T1, T2, TResult>(Func<T1, T2, TResult> func, IEnumerable<(T1, T2)> items, int chunkSize = 0,
        Action<List<TResult>>? callback = null, Action<Exception>? errorCallback = null);

    /// <summary>Runs <c>func()</c> in a worker and waits for its result.</summary>
    TResult Apply<TResult>(Func<TResult> func);

    /// <summary>Runs <c>func(arg1)</c> in a worker and waits for its result.</summary>
    TResult Apply<T1, TResult>(Func<T1, TResult> func, T1 arg1);

    /// <summary>Runs <c>func(arg1, arg2)</c> in a worker and waits for its result.</summary>
    TResult Apply<T1, T2, TResult>(Func<T1, T2, TResult> func, T1 arg1, T2 arg2);

    /// <summary>Submits <c>func()</c>; the result arrives through the returned <see cref="AsyncResult{T}"/>.</summary>
    AsyncResult<TResult> ApplyAsync<TResult>(Func<TResult> func, Action<TResult>? callback = null, Action<Exception>? errorCallback = null);

    /// <summary>Submits <c>func(arg1)</c>, like <c>pool.apply_async(job, (x,))</c>.</summary>
    AsyncResult<TResult> ApplyAsync<T1, TResult>(Func<T1, TResult> func, T1 arg1, Action<TResult>? callback = null, Action<Exception>? errorCallback = null);

    /// <summary>Submits <c>func(arg1, arg2)</c>.</summary>
    AsyncResult<TResult> ApplyAsync<T1, T2, TResult>(Func<T1, T2, TResult> func, T1 arg1, T2 arg2,
        Action<TResult>? callback = null, Action<Exception>? errorCallback = null);

    /// <summary>Takes no more tasks; the workers finish what was submitted. Python's <c>close()</c>.</summary>
    void Close();

    /// <summary>Stops now: every result not yet delivered fails with <see cref="OperationCanceledException"/>. Python's <c>terminate()</c>.</summary>
    void Terminate();

    /// <summary>Waits for the workers to finish, after <see cref="Close"/> or <see cref="Terminate"/>.</summary>
    void Join();
}
