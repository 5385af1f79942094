using Harness.Transport;
using System.Net.Sockets;
using Harness.Pools;
using Harness.Processes;

namespace Harness;

public sealed partial class MpPool
{
    private enum State
    {
        Running,
        Closing,
        Terminated,
    }

    /// <summary>A worker that dies this many times in a row before connecting means workers can't start at all.</summary>
    private const int MaxFailedStarts = 3;

    private static int s_poolCounter;

    private readonly Lock _lock = new();

    /// <summary>Runs callbacks one at a time, as on Python's result-handler thread, then completes results.</summary>
    private readonly ResultDelivery _delivery = new();
    private readonly int? _maxTasksPerChild;

    /// <summary>The initializer each worker runs before its first task (PoolInitializer's encoding); empty for none.</summary>
    private readonly byte[] _initializer;
    private readonly string _socketPath;
    private readonly string _token;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();

    // Everything below is guarded by _lock.
    private readonly LinkedList<PoolTask> _queue = new();
    private readonly List<WorkerLink> _workers = [];
    private readonly Dictionary<string, int> _functionIds = [];
    private readonly Dictionary<(System.Reflection.MethodInfo, Type), int> _knownFunctions = [];
    private readonly List<byte[]> _functionDefinitions = [];
    private readonly int _poolNumber;
    private State _state;
    private long _nextTaskId;
    private int _workerCounter;
    private int _failedStarts;
    private string? _brokenReason;

    internal MpPool(int processes, int? maxTasksPerChild, byte[]? initializer = null)
    {
        Processes = processes;
        _maxTasksPerChild = maxTasksPerChild;
        _initializer = initializer ?? [];
        _poolNumber = Interlocked.Increment(ref s_poolCounter);
        _token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        // In this user's private folder: no other user can reach the socket, not even in the
        // moment between bind and chmod.
        _socketPath = Path.Combine(PrivateFolder.Path, $"pool-{_token[..20].ToLowerInvariant()}.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            _listener.Bind(new UnixDomainSocketEndPoint(_socketPath));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            _listener.Listen(processes * 2);
            _ = AcceptLoopAsync();
            lock (_lock)
            {
                for (int i = 0; i < processes; i++)
                {
                    StartWorker();
                }
            }
        }
        catch
        {
            // A pool that fails half-way through its constructor stops the workers it started.
            Terminate();
            throw;
        }
    }

    /// <summary>The pids of the pool's workers now; for tests.</summary>
    internal IReadOnlyList<int> WorkerPids
    {
        get
        {
            lock (_lock)
            {
                return [.. _workers.Select(w => w.Process.Pid).OfType<int>()];
            }
        }
    }

    /// <summary>The Unix socket the workers connect back to; for tests.</summary>
    internal string SocketPath => _socketPath;

    /// <summary>How many tasks (chunks) were ever submitted to this pool; lets a test see the pool was used.</summary>
    internal long TasksSubmitted { get; private set; }

    /// <summary>Stops taking tasks; the workers finish what was submitted, then exit. Python's <c>close()</c>.</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (_state == State.Running)
            {
                _state = State.Closing;
            }
        }
        Dispatch();
    }

    /// <summary>
    /// Stops the workers now. Every result not yet delivered fails with
    /// <see cref="OperationCanceledException"/>; no worker process survives. Python's <c>terminate()</c>.
    /// </summary>
    public void Terminate()
    {
        List<PoolTask> abandoned;
        List<WorkerLink> workers;
        lock (_lock)
        {
            _state = State.Terminated;
            abandoned = [.. _queue, .. _workers.SelectMany(w => w.Outstanding)];
            _queue.Clear();
            foreach (WorkerLink w in _workers)
            {
                w.Outstanding.Clear();
            }
            workers = [.. _workers];
        }
        _stopping.Cancel();
        foreach (WorkerLink w in workers)
        {
            if (w.Process.Pid is not null)
            {
                w.Process.Kill();
            }
        }
        var error = new OperationCanceledException("The pool was terminated before this task finished.");
        foreach (PoolTask t in abandoned)
        {
            t.Fail(error);
        }
        _listener.Dispose();
        TryDelete(_socketPath);
    }

    /// <summary>Waits for the worker processes to exit, after <see cref="Close"/> or <see cref="Terminate"/>.</summary>
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
        while (true)
        {
            MpProcess[] live;
            lock (_lock)
            {
                live = [.. _workers.Select(w => w.Process)];
            }
            if (live.Length == 0)
            {
                break;
            }
            foreach (MpProcess p in live)
            {
                p.Join();
            }
            // A worker leaves the list only once the pool has handled its exit, in the same step
            // that starts its replacement while tasks remain (maxTasksPerChild after Close):
            // waiting for that, rather than removing it here, keeps Join from returning, and from
            // removing the socket, before the last task has run.
            Thread.Sleep(5);
        }
        _listener.Dispose();
        TryDelete(_socketPath);
    }

    /// <summary>Terminates the pool and waits for its workers, like leaving <c>with Pool() as p:</c>.</summary>
    public void Dispose()
    {
        Terminate();
        Join();
        _stopping.Dispose();
    }

    /// <summary>Names a function once per pool, so workers resolve it once.</summary>
    private int Register(Delegate func, string paramName, params Type[] delegateTypes)
    {
        ArgumentNullException.ThrowIfNull(func, paramName);
        // A function seen before is known by its method and delegate type: no reflection per
        // task. Only stateless targets are remembered, so a capturing lambda is refused every time.
        var known = (func.Method, func.GetType());
        lock (_lock)
        {
            ThrowIfNotRunning();
            if (_knownFunctions.TryGetValue(known, out int seen))
            {
                return seen;
            }
        }
        JobTarget target = JobTarget.From(func, paramName);
        string key = $"{target.ModuleVersionId}:{target.MetadataToken}:{string.Join(';', target.TypeArguments)}:{string.Join(';', target.MethodArguments)}:{string.Join(';', delegateTypes.Select(t => t.AssemblyQualifiedName))}";
        lock (_lock)
        {
            ThrowIfNotRunning();
            if (_functionIds.TryGetValue(key, out int id))
            {
                _knownFunctions[known] = id;
                return id;
            }
            id = _functionDefinitions.Count;
            var w = new FrameWriter();
            w.Begin(FrameKind.Define);
            w.Int(id);
            target.WriteTo(w);
            w.Strings([.. delegateTypes.Select(t => t.AssemblyQualifiedName!)]);
            w.End();
            _functionDefinitions.Add(w.Written.ToArray());
            _functionIds[key] = id;
            _knownFunctions[known] = id;
            return id;
        }
    }

    private void ThrowIfNotRunning()
    {
        if (_state != State.Running)
        {
            throw new InvalidOperationException(_state == State.Closing
                ? "The pool is closed: it takes no new tasks after Close()."
                : "The pool was terminated: it takes no new tasks.");
        }
        if (_brokenReason is not null)
        {
            throw new InvalidOperationException(_brokenReason);
        }
    }

    private void Submit(List<PoolTask> tasks)
    {
        lock (_lock)
        {
            ThrowIfNotRunning();
            foreach (PoolTask t in tasks)
            {
                t.Id = ++_nextTaskId;
                _queue.AddLast(t);
            }
            TasksSubmitted += tasks.Count;
        }
        Dispatch();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
