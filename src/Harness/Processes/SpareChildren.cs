using System.Diagnostics;

namespace Harness.Processes;

/// <summary>
/// Spare children: harness processes started ahead of time, so that <see cref="MpProcess.Start"/>
/// hands a job to a process that is already up instead of waiting for a runtime to boot.
/// </summary>
/// <remarks>
/// <para>
/// Why: a .NET child costs tens of milliseconds to boot its runtime and compile its first
/// methods, against a few for CPython's <c>fork</c>. CPython's forkserver and Android's zygote
/// answer with a process that forks fresh children from a warm image; .NET can do neither.
/// A forked .NET runtime cannot continue in the child (its other threads, the GC's and the JIT's,
/// are gone while their locks stay taken), and Native AOT cannot load the learner's assembly at
/// run time. So a spare is a whole fresh process, started early (CPython's forkserver idea
/// without the fork): <c>Harness.dll</c> under the app's own runtime config and deps file, the
/// same command line a cold start uses. Each <c>Mp.Process</c> is still a new OS process that
/// runs one job and exits.
/// </para>
/// <para>
/// A spare runs no user code until it is claimed: it boots the runtime and blocks reading its
/// job from standard input. It does not compile the harness's paths ahead of the job: measured
/// on 2 cores, a spare that did (a warm-up thread the job then waited for) made a start and join
/// slower, not faster (100-133 ms against 72-80 ms without it), since the warm-up took the very
/// core the claimed job needed, and kata 01's tests took 15% longer than with no spares at all.
/// The user's
/// assembly is loaded at claim, by the same module-identity check every job goes through, so a
/// rebuilt assembly never runs stale code. A spare is used only if a cold start now would be
/// the same process (<see cref="SpareIdentity"/>: harness build, runtime config and deps files,
/// working directory, environment, no per-process variables beyond those it was made with);
/// otherwise it is discarded and the start is cold, silently.
/// </para>
/// <para>
/// Policy: none until the first cold start, so a program that starts one process pays nothing
/// extra. After that, each kind of child (plain, or a pool's worker) keeps as many spares ready
/// as were started in the last <see cref="DemandWindow"/>, at most <see cref="Cap"/>; a spare idle
/// for <see cref="IdleLifetime"/> ends. Spares are not children the user started: they are not
/// in <c>Mp.ActiveChildren</c>, and like every child they end when their standard input closes,
/// that is when the parent is gone, SIGKILL included. Setting the environment variable
/// <c>HARNESS_SPARE_CHILDREN=0</c> turns them off.
/// </para>
/// </remarks>
internal static class SpareChildren
{
    /// <summary>The switch: "0" turns spares off for this process and its children.</summary>
    public const string Switch = "HARNESS_SPARE_CHILDREN";

    /// <summary>Spares that exit on their own this many times in a row mean spares can't start here: stop making them.</summary>
    private const int MaxFailures = 3;

    private static readonly Lock s_gate = new();
    private static readonly Dictionary<string, Kind> s_kinds = [];
    private static Timer? s_reaper;
    private static int s_failures;
    private static bool s_broken;

    /// <summary>How long a spare waits unclaimed before it ends.</summary>
    internal static TimeSpan IdleLifetime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Starts within this window count as current demand.</summary>
    internal static TimeSpan DemandWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most spares of one kind: about the number of cores, since each one booting takes a core.</summary>
    internal static int Cap { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>For tests and the benchmark: forces spares on or off regardless of <see cref="Switch"/>.</summary>
    internal static bool? Override { get; set; }

    /// <summary>For tests: called with the claimed spare's process just before its job is sent.</summary>
    internal static Action<Process>? BeforeJobForTests { get; set; }

    public static bool Enabled => !s_broken && (Override ?? Environment.GetEnvironmentVariable(Switch) != "0");

    /// <summary>The idle (or booting) spares of every kind, for tests.</summary>
    internal static IReadOnlyList<Process> Idle
    {
        get
        {
            lock (s_gate)
            {
                return [.. s_kinds.Values.SelectMany(k => k.Idle.Select(s => s.Process))];
            }
        }
    }

    /// <summary>
    /// Hands <paramref name="job"/> to a spare fit to run it and returns the spare's process,
    /// or null: then the caller starts a child cold, and spares are made for next time.
    /// </summary>
    /// <param name="extraEnvironment">The child's variables on top of the parent's (a pool worker's); part of its kind.</param>
    /// <param name="job">The job, sent framed on the spare's standard input.</param>
    public static Process? TryClaim(IReadOnlyDictionary<string, string> extraEnvironment, byte[] job)
    {
        if (!Enabled)
        {
            return null;
        }
        string key = string.Join('\0', extraEnvironment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));
        Kind kind;
        lock (s_gate)
        {
            if (!s_kinds.TryGetValue(key, out kind!))
            {
                kind = s_kinds[key] = new Kind(new Dictionary<string, string>(extraEnvironment));
            }
            kind.NoteStart(Stopwatch.GetTimestamp());
        }
        SpareIdentity? now = null;
        while (true)
        {
            Spare? spare;
            lock (s_gate)
            {
                spare = kind.Idle.Count > 0 ? kind.Idle.Dequeue() : null;
            }
            if (spare is null)
            {
                break;
            }
            now ??= SpareIdentity.Of(ChildLauncher.CreateStartInfo(null, kind.ExtraEnvironment));
            if (spare.Process.HasExited)
            {
                NoteFailure();
                Discard(spare.Process);
                continue;
            }
            if (spare.Identity != now)
            {
                Discard(spare.Process); // stale: made for another environment, folder or build
                continue;
            }
            BeforeJobForTests?.Invoke(spare.Process);
            if (!TrySend(spare.Process, job))
            {
                NoteFailure();
                Discard(spare.Process); // died between claim and job: the job never reached it
                continue;
            }
            Interlocked.Exchange(ref s_failures, 0);
            Refill(kind);
            return spare.Process;
        }
        lock (s_gate)
        {
            kind.Used = true;
        }
        Refill(kind);
        return null;
    }

    /// <summary>Ends every idle spare now (tests).</summary>
    internal static void DiscardAll()
    {
        List<Spare> all;
        lock (s_gate)
        {
            all = [.. s_kinds.Values.SelectMany(k => k.Idle)];
            foreach (Kind k in s_kinds.Values)
            {
                k.Idle.Clear();
            }
        }
        foreach (Spare s in all)
        {
            Discard(s.Process);
        }
    }

    private static bool TrySend(Process process, byte[] job)
    {
        try
        {
            JobEnvelope.WriteFramed(process.StandardInput.BaseStream, job);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Starts spares in the background until the kind has as many as its demand asks.</summary>
    private static void Refill(Kind kind)
    {
        int wanted;
        lock (s_gate)
        {
            if (!kind.Used || !Enabled)
            {
                return;
            }
            wanted = kind.Target(Stopwatch.GetTimestamp()) - kind.Idle.Count - kind.Booting;
            if (wanted <= 0)
            {
                return;
            }
            kind.Booting += wanted;
            s_reaper ??= new Timer(_ => Reap(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
        for (int i = 0; i < wanted; i++)
        {
            // Starting a process takes the parent a millisecond or more: not on the caller's clock.
            ThreadPool.UnsafeQueueUserWorkItem(static k => Launch(k), kind, preferLocal: false);
        }
    }

    private static void Launch(Kind kind)
    {
        Process? process = null;
        try
        {
            ProcessStartInfo info = ChildLauncher.CreateStartInfo(null, kind.ExtraEnvironment, spare: true);
            var identity = SpareIdentity.Of(info);
            process = new Process { StartInfo = info };
            process.Start();
            lock (s_gate)
            {
                kind.Booting--;
                if (Enabled)
                {
                    kind.Idle.Enqueue(new Spare(process, identity, Stopwatch.GetTimestamp()));
                    process = null;
                }
            }
        }
#pragma warning disable CA1031 // A spare that can't start costs only its speed-up: the next Start is cold and reports any real error.
        catch (Exception)
#pragma warning restore CA1031
        {
            lock (s_gate)
            {
                kind.Booting--;
            }
            NoteFailure();
        }
        if (process is not null)
        {
            Discard(process);
        }
    }

    /// <summary>Once a second: ends spares idle too long and counts those that died on their own.</summary>
    private static void Reap()
    {
        List<Spare> ended = [];
        int died = 0;
        long now = Stopwatch.GetTimestamp();
        lock (s_gate)
        {
            foreach (Kind k in s_kinds.Values)
            {
                int count = k.Idle.Count;
                for (int i = 0; i < count; i++)
                {
                    Spare s = k.Idle.Dequeue();
                    bool exited = s.Process.HasExited;
                    if (exited || Stopwatch.GetElapsedTime(s.Since, now) > IdleLifetime)
                    {
                        died += exited ? 1 : 0;
                        ended.Add(s);
                    }
                    else
                    {
                        k.Idle.Enqueue(s);
                    }
                }
            }
        }
        for (int i = 0; i < died; i++)
        {
            NoteFailure();
        }
        foreach (Spare s in ended)
        {
            Discard(s.Process);
        }
    }

    private static void NoteFailure()
    {
        if (Interlocked.Increment(ref s_failures) >= MaxFailures)
        {
            s_broken = true;
            DiscardAll();
        }
    }

    /// <summary>Ends a spare that will not be used. It has run no user code, so SIGKILL loses nothing.</summary>
    private static void Discard(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
        // Reaped by the runtime's child handling; disposing only releases the pipes.
        process.Dispose();
    }

    /// <summary>A spare: its process, what it was started as, and since when it has waited.</summary>
    private sealed record Spare(Process Process, SpareIdentity Identity, long Since);

    /// <summary>The spares of one kind of child (one set of extra variables), and its recent demand.</summary>
    private sealed class Kind(Dictionary<string, string> extraEnvironment)
    {
        private readonly Queue<long> _starts = new();

        public Dictionary<string, string> ExtraEnvironment { get; } = extraEnvironment;

        public Queue<Spare> Idle { get; } = new();

        public int Booting { get; set; }

        /// <summary>False until a child of this kind has been started cold: no spares before that.</summary>
        public bool Used { get; set; }

        public void NoteStart(long now)
        {
            _starts.Enqueue(now);
            Trim(now);
        }

        /// <summary>How many spares to keep: the starts of the last window, at least one, at most the cap.</summary>
        public int Target(long now)
        {
            Trim(now);
            return Math.Clamp(_starts.Count, 1, Cap);
        }

        private void Trim(long now)
        {
            while (_starts.Count > 0 && (Stopwatch.GetElapsedTime(_starts.Peek(), now) > DemandWindow || _starts.Count > 64))
            {
                _starts.Dequeue();
            }
        }
    }
}
