using Harness.Cluster.Workers;
using Harness.Pools;

namespace Harness.Cluster;

public sealed partial class ClusterPool
{
    private enum State
    {
        Running,
        Closing,
        Terminated,
    }

    /// <summary>
    /// Tasks in flight per worker: the one running and the next, so a worker never waits for a
    /// round trip between two tasks. One more would leave more tasks stranded behind a lost silo.
    /// </summary>
    private const int Window = 2;

    /// <summary>How long the pool waits for the cluster to answer a question about itself.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly ResultDelivery _delivery = new();
    private readonly IClusterClient _client;
    private readonly string _id;
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The stopping token, kept apart from its source, which DisposeAsync disposes while the monitor may still look.</summary>
    private readonly CancellationToken _stopped;
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IAsyncDisposable? _owned;

    // Everything below is guarded by _lock.
    private readonly List<ClusterWorker> _workers;
    private readonly LinkedList<ClusterTask> _queue = new();
    private readonly Dictionary<(System.Reflection.MethodInfo, Type), ClusterFunction> _functions = [];
    private readonly Dictionary<string, int> _completedBySilo = [];
    private State _state;
    private long _nextTaskId;

    private ClusterPool(IClusterClient client, string id, List<ClusterWorker> workers, IAsyncDisposable? owned)
    {
        _client = client;
        _id = id;
        _workers = workers;
        _owned = owned;
        _stopped = _stopping.Token;
        Silos = [.. workers.Select(w => w.Silo.Silo).Distinct()];
        _ = MonitorAsync();
    }

    /// <summary>How many tasks (chunks) were ever submitted; lets a test see the pool was used.</summary>
    internal long TasksSubmitted { get; private set; }

    /// <summary>How many tasks each silo has answered, by silo address; lets a test see the spread.</summary>
    internal IReadOnlyDictionary<string, int> CompletedBySilo
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, int>(_completedBySilo);
            }
        }
    }

    /// <summary>How many workers the pool placed on each silo, by silo address.</summary>
    internal IReadOnlyDictionary<string, int> WorkersBySilo
    {
        get
        {
            lock (_lock)
            {
                return _workers.GroupBy(w => w.Silo.Silo).ToDictionary(g => g.Key, g => g.Count());
            }
        }
    }

    /// <summary>Submits a task whose definition the caller made (a test alters one to play another build).</summary>
    internal AsyncResult<TResult> SubmitDefinition<TResult>(byte[] definition, byte[] items) =>
        SubmitOne<TResult>(new ClusterFunction("a test's function", definition, Idempotent: false), items, null, null);

    /// <summary>
    /// Returns once every worker grain still alive has dealt with every task sent to it before:
    /// a grain takes its calls one at a time in order, so a last call to each comes back only
    /// after them. After <see cref="Terminate"/>, lets a test see which tasks the silos still ran.
    /// </summary>
    internal async Task DrainAsync(TimeSpan timeout)
    {
        ClusterWorker[] live;
        lock (_lock)
        {
            live = [.. _workers.Where(w => !w.Lost)];
        }
        await Task.WhenAll(live.Select(w => w.Grain.Run(new ChunkRequest(_id, 0, [], [])))).WaitAsync(timeout).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes a pool on the silos of the cluster that <paramref name="client"/> is connected to:
    /// <paramref name="workersPerSilo"/> worker grains on each active silo (by default as many as
    /// that silo's machine has cores). Every silo must run the pool's workers
    /// (<see cref="ClusterSetup.AddClusterPoolWorkers"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The cluster has no silo, or its silos don't host the pool's workers.</exception>
    /// <exception cref="TimeoutException">The cluster did not answer within 10 seconds.</exception>
    public static ClusterPool Connect(IClusterClient client, int? workersPerSilo = null) =>
        ConnectAsync(client, workersPerSilo).GetAwaiter().GetResult();

    /// <summary>Like <see cref="Connect"/>, without blocking a thread.</summary>
    public static Task<ClusterPool> ConnectAsync(IClusterClient client, int? workersPerSilo = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(client, workersPerSilo, null, cancellationToken);

    internal static async Task<ClusterPool> ConnectAsync(IClusterClient client, int? workersPerSilo, IAsyncDisposable? owned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (workersPerSilo is { } n)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(n, 1, nameof(workersPerSilo));
        }
        // A test's stand-in for the core count (read before the first await, on the caller's thread),
        // so that a verdict about the default size is the same on every machine, as for MpPool.
        int? coresForTests = Mp.t_cpuCountForTests;
        string id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        Dictionary<SiloAddress, SiloStatus> hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(true, cancellationToken)
            .WaitAsync(CallTimeout, cancellationToken).ConfigureAwait(false);
        if (hosts.Count == 0)
        {
            throw new InvalidOperationException("The cluster has no active silo: start at least one (dotnet run --project src/Cluster -- silo).");
        }
        var perSilo = new List<List<ClusterWorker>>();
        int number = 0;
        foreach (SiloAddress address in hosts.Keys.Order())
        {
            string pin = address.ToParsableString();
            string extension = WorkerKey.Extension(id, pin);
            IPoolWorkerGrain first = client.GetGrain<IPoolWorkerGrain>(number, extension);
            SiloFacts facts;
            try
            {
                facts = await first.Describe().WaitAsync(CallTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not (TimeoutException or OperationCanceledException))
            {
                throw new InvalidOperationException(
                    $"Silo {address} does not host the pool's workers ({e.Message}): every silo must call AddClusterPoolWorkers().", e);
            }
            if (facts.Silo != pin)
            {
                throw new InvalidOperationException(
                    $"A worker meant for silo {pin} was placed on {facts.Silo}: every silo must call AddClusterPoolWorkers(), which places the workers.");
            }
            var workers = new List<ClusterWorker> { new(first, facts) };
            number++;
            for (int i = 1; i < (workersPerSilo ?? coresForTests ?? facts.ProcessorCount); i++)
            {
                workers.Add(new ClusterWorker(client.GetGrain<IPoolWorkerGrain>(number++, extension), facts));
            }
            perSilo.Add(workers);
        }
        // One worker of each silo in turn: the least loaded worker is served first and ties go
        // in list order, so even a handful of tasks reaches every silo.
        List<ClusterWorker> ordered = [.. Enumerable.Range(0, perSilo.Max(s => s.Count))
            .SelectMany(i => perSilo.Where(s => i < s.Count).Select(s => s[i]))];
        return new ClusterPool(client, id, ordered, owned);
    }

    /// <summary>Stops taking tasks; the silos finish what was submitted. Python's <c>close()</c>.</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (_state == State.Running)
            {
                _state = State.Closing;
            }
            CheckIdle();
        }
    }

    /// <summary>
    /// Stops now. Every result not yet delivered fails with <see cref="OperationCanceledException"/>,
    /// and every silo drops this pool's tasks that have not started. A task already running on a
    /// silo can't be stopped from outside (it is a thread of the silo's process): it runs to its
    /// end and its result is dropped.
    /// </summary>
    public void Terminate()
    {
        List<ClusterTask> abandoned;
        List<ClusterWorker> silos;
        lock (_lock)
        {
            if (_state == State.Terminated)
            {
                return;
            }
            _state = State.Terminated;
            abandoned = [.. _queue, .. _workers.SelectMany(w => w.Outstanding)];
            _queue.Clear();
            foreach (ClusterWorker w in _workers)
            {
                w.Outstanding.Clear();
            }
            silos = [.. _workers.Where(w => !w.Lost).GroupBy(w => w.Silo.Silo).Select(g => g.First())];
            CheckIdle();
        }
        _stopping.Cancel();
        var error = new OperationCanceledException("The pool was terminated before this task finished.");
        foreach (ClusterTask t in abandoned)
        {
            t.Fail(error);
        }
        // Tell every silo, and wait a bounded time: a silo that is dying must not hold up Terminate.
        try
        {
            Task.WhenAll(silos.Select(w => w.Grain.Cancel(_id))).Wait(CallTimeout);
        }
        catch (AggregateException)
        {
            // A silo that can't be told has no task of ours to start any more either.
        }
    }

    /// <summary>Waits until every submitted task has ended, after <see cref="Close"/> or <see cref="Terminate"/>.</summary>
    /// <exception cref="InvalidOperationException">The pool is still running: call Close or Terminate first.</exception>
    public void Join()
    {
        lock (_lock)
        {
            if (_state == State.Running)
            {
                throw new InvalidOperationException("The pool is still running: call Close() (finish the tasks) or Terminate() (stop now) before Join().");
            }
        }
        // Every task ends: with its reply, its error, or the loss of its silo (MonitorAsync).
        _idle.Task.GetAwaiter().GetResult();
    }

    /// <summary>Terminates the pool, like leaving <c>with Pool() as p:</c>. The cluster itself keeps running.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Terminates the pool without blocking a thread.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.Run(Terminate).ConfigureAwait(false);
        await _idle.Task.ConfigureAwait(false);
        if (_owned is not null)
        {
            await _owned.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
    }

    /// <summary>Names a function once per pool, so the silos resolve it once.</summary>
    private ClusterFunction Register(Delegate func, string paramName, params Type[] delegateTypes)
    {
        ArgumentNullException.ThrowIfNull(func, paramName);
        var known = (func.Method, func.GetType());
        lock (_lock)
        {
            ThrowIfNotRunning();
            if (_functions.TryGetValue(known, out ClusterFunction? seen))
            {
                return seen;
            }
        }
        var function = new ClusterFunction(
            $"{func.Method.DeclaringType?.Name}.{func.Method.Name}",
            RemoteTasks.Define(func, paramName, delegateTypes),
            func.Method.IsDefined(typeof(IdempotentAttribute), inherit: false));
        lock (_lock)
        {
            _functions[known] = function;
        }
        return function;
    }

    private void ThrowIfNotRunning()
    {
        if (_state != State.Running)
        {
            throw new InvalidOperationException(_state == State.Closing
                ? "The pool is closed: it takes no new tasks after Close()."
                : "The pool was terminated: it takes no new tasks.");
        }
    }

    private void Submit(List<ClusterTask> tasks)
    {
        lock (_lock)
        {
            ThrowIfNotRunning();
            foreach (ClusterTask t in tasks)
            {
                t.Id = ++_nextTaskId;
                _queue.AddLast(t);
            }
            TasksSubmitted += tasks.Count;
        }
        Dispatch();
    }

    /// <summary>Sets <see cref="_idle"/> once the pool is closed or terminated and nothing is left. Called under the lock.</summary>
    private void CheckIdle()
    {
        if (_state != State.Running && _queue.Count == 0 && _workers.All(w => w.Outstanding.Count == 0))
        {
            _idle.TrySetResult();
        }
    }
}
