using System.Collections.Concurrent;

namespace Harness.Processes;

/// <summary>
/// The children this process has started and not yet seen exit. At a normal exit, Python ends
/// daemon children and joins the others; so do we, except that a wait which can never end is
/// ended (see <see cref="OnExit"/>). A parent that dies abruptly needs no registry: its children
/// see their standard input close and end themselves.
/// </summary>
internal static class ChildRegistry
{
    /// <summary>How long every remaining child must have been stuck before the exit stops waiting for them.</summary>
    internal static readonly TimeSpan StuckAtExit = TimeSpan.FromSeconds(5);

    private const int MaxQueuesRemembered = 256;

    /// <summary>Each live child, with the execution context it was started in (which test, for a test's guard).</summary>
    private static readonly ConcurrentDictionary<MpProcess, ExecutionContext?> s_live = new();

    /// <summary>Which children put on which queue, by the queue's name; the oldest queues are forgotten first.</summary>
    private static readonly Dictionary<string, List<MpProcess>> s_putters = new(StringComparer.Ordinal);
    private static readonly Queue<string> s_putOrder = new();
    private static int s_hooked;

    public static void Add(MpProcess process)
    {
        if (Interlocked.Exchange(ref s_hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => OnExit();
        }
        s_live.TryAdd(process, ExecutionContext.Capture());
    }

    public static void Remove(MpProcess process) => s_live.TryRemove(process, out _);

    /// <summary>The children still running, like <c>mp.active_children()</c>.</summary>
    public static IReadOnlyList<MpProcess> Active => [.. s_live.Keys];

    /// <summary>The execution context <paramref name="process"/> was started in, while it runs; else null.</summary>
    public static ExecutionContext? StartedIn(MpProcess process) => s_live.TryGetValue(process, out ExecutionContext? context) ? context : null;

    /// <summary>Records that <paramref name="child"/> put an item on the queue named <paramref name="queueId"/>.</summary>
    public static void NotePut(string queueId, MpProcess child)
    {
        lock (s_putters)
        {
            if (!s_putters.TryGetValue(queueId, out List<MpProcess>? list))
            {
                if (s_putOrder.Count >= MaxQueuesRemembered)
                {
                    s_putters.Remove(s_putOrder.Dequeue());
                }
                s_putters[queueId] = list = [];
                s_putOrder.Enqueue(queueId);
            }
            if (!list.Contains(child))
            {
                list.Add(child);
            }
        }
    }

    /// <summary>The children known to have put on the queue named <paramref name="queueId"/>, running or not.</summary>
    public static IReadOnlyList<MpProcess> PuttersOf(string queueId)
    {
        lock (s_putters)
        {
            return s_putters.TryGetValue(queueId, out List<MpProcess>? list) ? [.. list] : [];
        }
    }

    /// <summary>
    /// Whether a child can only wait for ever: it said it has waited, with no timeout, on
    /// something only another process can provide (a queue, a lock, an event...), it has no
    /// children of its own that could provide it, and it has not moved since <paramref name="settled"/>.
    /// </summary>
    public static bool IsStuck(MpProcess p, TimeSpan settled) =>
        p.Status is { LiveChildren: 0 } status
        && status.Calls.All(c => !c.Timed && c.WaitsOnAnotherProcess)
        && p.StatusAge >= settled;

    private static void OnExit()
    {
        // Daemons first and all together, so that no non-daemon join waits on a daemon's end.
        foreach (MpProcess p in s_live.Keys.Where(p => p.Daemon).ToList())
        {
            p.OnParentExit();
        }
        // Python joins the other children, however long they take. When every one of them is
        // stuck waiting on the others (a consumer whose producer never sent the sentinel), that
        // join would never end: nothing is left that could wake them, since this process is
        // exiting. Then they are killed, and standard error says what each was waiting for.
        while (s_live.Keys.Where(p => !p.Daemon).ToList() is { Count: > 0 } waiting)
        {
            if (waiting.All(p => IsStuck(p, StuckAtExit)))
            {
                string why = Leftovers.Describe(waiting);
                foreach (MpProcess p in waiting)
                {
                    p.Kill();
                }
                Console.Error.WriteLine($"At exit, {Leftovers.Count(waiting.Count)} still running could only wait for ever, so {(waiting.Count == 1 ? "it was" : "they were")} killed:");
                Console.Error.WriteLine(why);
                foreach (MpProcess p in waiting)
                {
                    p.Join(TimeSpan.FromSeconds(5));
                }
                return;
            }
            waiting[0].Join(TimeSpan.FromMilliseconds(200));
        }
    }
}
