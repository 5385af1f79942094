using System.Diagnostics;
using System.Text;
using Harness.Native;
using Harness.Processes;

namespace Harness;

/// <summary>
/// A child OS process running one job, like Python's <c>multiprocessing.Process</c>.
/// Create it with <see cref="Mp.Process(Action)"/> and its overloads, then <see cref="Start"/>
/// and <see cref="Join()"/> it.
/// </summary>
/// <remarks>
/// The child is a new process running the harness's entry point, which loads the job's
/// assembly and calls the target with the arguments copied from the parent. Whatever it writes
/// to stdout and stderr is forwarded, line by line and prefixed with <see cref="Name"/>, to the
/// parent's console (or <see cref="OutputWriter"/>) and kept in <see cref="Output"/>, in the
/// order it was written.
/// A child never outlives its parent: it ends as soon as the parent's process is gone.
/// </remarks>
public sealed partial class MpProcess : IDisposable, Queues.IReadyForWait
{
    /// <summary>How long to wait for the last output after the child has exited, in case a grandchild holds the pipes open.</summary>
    private static readonly TimeSpan s_drainGrace = TimeSpan.FromSeconds(2);

    private static int s_counter;

    private readonly JobTarget _target;
    private readonly byte[][] _arguments;
    private readonly string _targetName;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    /// <summary>Completed once the child has exited and its output is drained.</summary>
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string _name;
    private bool _daemon;
    private TextWriter? _outputWriter;
    private Process? _process;
    private string _token = "";
    private int? _pid;
    private int? _exitCode;
    private RemoteException? _error;
    private ChildReport? _report;
    /// <summary>The signal this parent sent (Terminate or Kill), reported when the child dies of it.</summary>
    private int _signalSent;
    private bool _disposed;
    /// <summary>Set by <see cref="Close"/>: Python's closed process object, whose members raise.</summary>
    private bool _closed;

    internal MpProcess((JobTarget Target, string Name) target, byte[][] arguments)
    {
        (_target, _targetName) = target;
        _arguments = arguments;
        _name = $"MpProcess-{Interlocked.Increment(ref s_counter)}";
    }

    /// <summary>The process's name, "MpProcess-N" by default. Settable before <see cref="Start"/>.</summary>
    /// <exception cref="InvalidOperationException">Set after <see cref="Start"/>.</exception>
    public string Name
    {
        get => _name;
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            ThrowIfStarted(nameof(Name));
            _name = value;
        }
    }

    /// <summary>
    /// A daemon child is ended when its parent exits normally; the parent waits for a
    /// non-daemon child to finish first, as Python does, except when every child still running
    /// can only wait for ever (each has waited 5 s, with no timeout, on a queue, lock or event
    /// that nothing left can wake): those are killed, and standard error says what each waited
    /// for. False by default; settable before <see cref="Start"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Set after <see cref="Start"/>.</exception>
    public bool Daemon
    {
        get => _daemon;
        set
        {
            ThrowIfStarted(nameof(Daemon));
            _daemon = value;
        }
    }

    /// <summary>
    /// Where the child's output lines are forwarded, each prefixed with <c>[Name]</c>; null (the
    /// default) means the parent's console: stdout to <see cref="Console.Out"/>, stderr to
    /// <see cref="Console.Error"/>. <see cref="TextWriter.Null"/> silences it. Settable before <see cref="Start"/>.
    /// </summary>
    public TextWriter? OutputWriter
    {
        get => _outputWriter;
        set
        {
            ThrowIfStarted(nameof(OutputWriter));
            _outputWriter = value;
        }
    }

    /// <summary>The arguments the process was made with, as the parent passed them; for tests.</summary>
    internal object?[] Arguments { get; init; } = [];

    /// <summary>Environment variables for the child, on top of the parent's. Set by the harness (pool workers).</summary>
    internal Dictionary<string, string> ExtraEnvironment { get; } = [];

    /// <summary>The child's process id; null before <see cref="Start"/>.</summary>
    public int? Pid => _pid;

    /// <summary>True from <see cref="Start"/> until the child has exited.</summary>
    /// <exception cref="ObjectDisposedException">The process object was closed.</exception>
    public bool IsAlive
    {
        get
        {
            ThrowIfClosed();
            if (_process is null || _exited.Task.IsCompleted)
            {
                ObserveExit();
                return false;
            }
            return true;
        }
    }

    /// <summary>
    /// Null while the child runs (or before it starts); 0 when the job returned; 1 when it threw;
    /// -N when the child was ended by signal N (-15 after <see cref="Terminate"/>, -9 after <see cref="Kill"/>);
    /// otherwise the code the child passed to <see cref="Environment.Exit(int)"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The process object was closed.</exception>
    public int? ExitCode
    {
        get
        {
            ThrowIfClosed();
            ObserveExit();
            return _exitCode;
        }
    }

    /// <summary>What the job threw, once the child has exited; null when it returned normally.</summary>
    public RemoteException? Error => _error;

    /// <summary>All the child wrote to stdout and stderr so far, one line after another in the order it wrote them.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// True once a caller has seen this child's end (through <see cref="Join()"/>, <see cref="IsAlive"/>
    /// or <see cref="ExitCode"/>): lets a test tell a parent that waited from one that got lucky.
    /// </summary>
    internal bool ExitObserved { get; private set; }

    /// <summary>How many children the current thread has started: lets a test count the processes a call started, while other tests start their own.</summary>
    [ThreadStatic]
    private static int t_startedOnThisThread;

    internal static int StartedOnThisThread => t_startedOnThisThread;

    /// <summary>When a test sets it, each process started on this thread is added to it, so the test can check what a call started.</summary>
    [ThreadStatic]
    internal static List<MpProcess>? t_startedRecorder;

    /// <summary>One clock for the order of Start and Join calls across all processes, for tests.</summary>
    private static long s_sequence;

    /// <summary>When <see cref="Start"/> was called on the sequence clock; 0 before.</summary>
    internal long StartSequence { get; private set; }

    /// <summary>When a Join was first called on the sequence clock; 0 before.</summary>
    internal long JoinSequence { get; private set; }

    private void NoteJoin()
    {
        if (JoinSequence == 0)
        {
            JoinSequence = Interlocked.Increment(ref s_sequence);
        }
    }

    /// <summary>Starts the child process running the job. Returns once the child has its job; does not wait for it to run.</summary>
    /// <exception cref="InvalidOperationException">The process was already started.</exception>
    /// <exception cref="ObjectDisposedException">The process was disposed.</exception>
    public void Start()
    {
        ThrowIfClosed();
        ObjectDisposedException.ThrowIf(_disposed, this);
        byte[]? framed = null;
        lock (_gate)
        {
            if (_process is not null)
            {
                throw new InvalidOperationException($"{_name} was already started; a process can be started only once. Create a new one with Mp.Process.");
            }
            _token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
            byte[] job = new JobEnvelope(_name, Environment.ProcessId, _token, _target, _arguments).ToBytes();
            // A spare child, already up, takes the job at once; else the child starts cold.
            Process process = SpareChildren.TryClaim(ExtraEnvironment, job) ?? StartCold(job, out framed);
            _process = process;
            _pid = process.Id;
            StartSequence = Interlocked.Increment(ref s_sequence);
            t_startedOnThisThread++;
            t_startedRecorder?.Add(this);
        }
        ChildRegistry.Add(this);
        Task pumps = Task.WhenAll(
            Task.Run(() => PumpAsync(_process.StandardOutput, isError: false)),
            Task.Run(() => PumpAsync(_process.StandardError, isError: true)));
        _ = MonitorAsync(_process, pumps);
        if (framed is not null)
        {
            try
            {
                JobEnvelope.WriteFramed(_process.StandardInput.BaseStream, framed);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The child died before it read its job (and its pipe may be closed already); its exit code and output tell why.
            }
        }
    }

    private Process StartCold(byte[] job, out byte[]? framed)
    {
        bool inline = job.Length <= JobEnvelope.MaxInlineBytes;
        var process = new Process { StartInfo = ChildLauncher.CreateStartInfo(inline ? Convert.ToBase64String(job) : null, ExtraEnvironment) };
        framed = inline ? null : job;
        if (!process.Start())
        {
            throw new InvalidOperationException($"{_name} could not start {process.StartInfo.FileName}.");
        }
        return process;
    }

    /// <summary>Blocks until the child has exited and its output has been read.</summary>
    /// <exception cref="InvalidOperationException">The process was never started.</exception>
    public void Join() => Join(Timeout.InfiniteTimeSpan);

    /// <summary>Blocks until the child has exited or the timeout passes.</summary>
    /// <returns>true if the child has exited; false if it is still running.</returns>
    /// <exception cref="InvalidOperationException">The process was never started.</exception>
    public bool Join(TimeSpan timeout)
    {
        ThrowIfNotStarted(nameof(Join));
        NoteJoin();
        using (Blocking.Enter("Join", this, "process", _name, timed: timeout != Timeout.InfiniteTimeSpan))
        {
            if (!_exited.Task.Wait(timeout))
            {
                return false;
            }
        }
        ObserveExit();
        return true;
    }

    /// <summary>Completes when the child has exited and its output has been read.</summary>
    /// <exception cref="InvalidOperationException">The process was never started.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled first; the child keeps running.</exception>
    public async Task JoinAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNotStarted(nameof(JoinAsync));
        NoteJoin();
        await _exited.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        ObserveExit();
    }

    bool Queues.IReadyForWait.IsReadyForWait
    {
        get
        {
            ThrowIfNotStarted("Mp.Wait");
            return _exited.Task.IsCompleted;
        }
    }

    /// <summary>Asks the child to end now (SIGTERM; TerminateProcess on Windows). A no-op once it has exited.</summary>
    /// <exception cref="InvalidOperationException">The process was never started.</exception>
    public void Terminate() => SendSignal(NativeProcess.SigTerm, nameof(Terminate));

    /// <summary>Ends the child at once (SIGKILL). A no-op once it has exited.</summary>
    /// <exception cref="InvalidOperationException">The process was never started.</exception>
    public void Kill() => SendSignal(NativeProcess.SigKill, nameof(Kill));

    /// <summary>
    /// Releases the process object's handles, like Python's <c>close()</c>; closing twice is
    /// fine. From then on <see cref="IsAlive"/>, <see cref="ExitCode"/>, Start, Join, Terminate and
    /// Kill throw <see cref="ObjectDisposedException"/> (Python's ValueError). Unlike
    /// <see cref="Dispose"/>, it never ends the child: a child still running is an error.
    /// </summary>
    /// <exception cref="InvalidOperationException">The child is still running (Python's ValueError): Join or Terminate it first.</exception>
    public void Close()
    {
        if (_closed)
        {
            return;
        }
        if (_process is not null && !_exited.Task.IsCompleted)
        {
            throw new InvalidOperationException($"{_name} is still running, so it can't be closed: Join() it (or Terminate() it) first.");
        }
        _closed = true;
        Dispose();
    }

    /// <summary>
    /// Releases the child's handles. A child still running is killed first: nothing started by
    /// this object outlives it.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_process is { } process)
        {
            if (!_exited.Task.IsCompleted)
            {
                SendSignal(NativeProcess.SigKill, nameof(Dispose));
                _exited.Task.Wait(TimeSpan.FromSeconds(10));
            }
            if (_exited.Task.IsCompleted)
            {
                CloseInput(process);
                process.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        if (_closed)
        {
            return $"<MpProcess name='{_name}' closed>";
        }
        string state = _process is null ? "initial" : IsAlive ? "started" : $"stopped exitcode={_exitCode}";
        return $"<MpProcess name='{_name}' pid={_pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None"} target={_targetName} {state}{(_daemon ? " daemon" : "")}>";
    }

    private void SendSignal(int signal, string caller)
    {
        ThrowIfNotStarted(caller);
        if (_exited.Task.IsCompleted)
        {
            return; // Python: terminate() and kill() on an ended process do nothing.
        }
        _signalSent = signal;
        try
        {
            if (signal == NativeProcess.SigKill)
            {
                _process!.Kill();
            }
            else
            {
                NativeProcess.Terminate(_process!);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the signal.
        }
    }

    private void ObserveExit()
    {
        if (_exited.Task.IsCompleted)
        {
            ExitObserved = true;
        }
    }

    private void ThrowIfStarted(string member)
    {
        if (_process is not null)
        {
            throw new InvalidOperationException($"{member} can only be set before Start: {_name} has already started.");
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new ObjectDisposedException(_name, $"{_name} was closed: its process object can't be used any more.");
        }
    }

    private void ThrowIfNotStarted(string member)
    {
        ThrowIfClosed();
        if (_process is null)
        {
            throw new InvalidOperationException($"{member} needs a started process: call Start() on {_name} first.");
        }
    }

    /// <summary>
    /// Closes the pipe to a child that has exited. Process.Dispose leaves a stream it handed out
    /// open until the finalizer runs: a few dozen pipes at any time in a program that starts many children.
    /// </summary>
    private static void CloseInput(Process process)
    {
        try
        {
            process.StandardInput.Dispose();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // A flush to a child that has exited can fail: the pipe is closed either way.
        }
    }

    private async Task MonitorAsync(Process process, Task pumps)
    {
        try
        {
            await process.WaitForExitAsync().ConfigureAwait(false);
            CloseInput(process);
            await Task.WhenAny(pumps, Task.Delay(s_drainGrace)).ConfigureAwait(false);
            int raw = process.ExitCode;
            _exitCode = MapExitCode(raw);
            if (_report is { Ok: false } r)
            {
                _error = new RemoteException(r.ErrorType ?? "", r.Message ?? "", r.StackTrace ?? "", r.Details ?? "", _pid);
            }
        }
        finally
        {
            ChildRegistry.Remove(this);
            _exited.TrySetResult();
        }
    }

    /// <summary>
    /// Python reports death by signal N as -N; .NET reports it as 128 + N on Unix, the same as an
    /// exit with that code. A child that exits by itself always leaves a report (ChildEntry), so
    /// with a report the code is the child's own, and without one above 128 it is a signal.
    /// </summary>
    private int MapExitCode(int raw)
    {
        if (_report is not null)
        {
            return raw;
        }
        if (OperatingSystem.IsWindows())
        {
            return _signalSent != 0 ? -_signalSent : raw;
        }
        return raw is > 128 and <= 128 + 64 ? -(raw - 128) : raw;
    }

    /// <summary>Called at the parent's normal exit: ends a daemon child, waits for any other.</summary>
    internal void OnParentExit()
    {
        if (_process is null || _exited.Task.IsCompleted)
        {
            return;
        }
        if (_daemon)
        {
            SendSignal(NativeProcess.SigTerm, nameof(OnParentExit));
            if (!_exited.Task.Wait(TimeSpan.FromSeconds(2)))
            {
                SendSignal(NativeProcess.SigKill, nameof(OnParentExit));
            }
        }
        _exited.Task.Wait();
    }
}
