using System.Runtime.CompilerServices;

namespace Harness.Processes;

/// <summary>
/// What the threads of this process are waiting for in the harness's blocking calls (a queue's
/// Get, a Join, an Acquire...), so that a process that waits for ever can say on what.
/// </summary>
/// <remarks>
/// Each public blocking call enters a <see cref="Scope"/> for as long as it may sleep. Entering
/// is a few plain stores into a slot that belongs to the calling thread: no lock, no clock, no
/// allocation after the thread's first call, so a call that succeeds at once pays almost
/// nothing. Readers (a child's watchdog, a test's guard) take snapshots and tell a long wait
/// from a new one by the slot's sequence number. Nested calls (a Hold that calls Acquire) keep
/// the outermost description.
/// </remarks>
internal static class Blocking
{
    private static readonly Lock s_gate = new();
    private static readonly ConditionalWeakTable<object, string> s_labels = new();
    private static readonly HashSet<string> s_putOn = new(StringComparer.Ordinal);

    /// <summary>Every thread's slot, copied on write; slots of ended threads are dropped when a new one is added.</summary>
    private static Slot[] s_slots = [];

    [ThreadStatic]
    private static Slot? t_slot;

    /// <summary>Called (outside any lock) the first time this process puts on a queue, with the queue's name.</summary>
    internal static Action<string>? PutNoted;

    /// <summary>
    /// Notes that the calling thread may now sleep in <paramref name="call"/> on <paramref name="target"/>.
    /// Dispose the scope when the call returns or throws.
    /// </summary>
    /// <param name="call">The public method, as the learner wrote it: "Get", "Join", "Acquire".</param>
    /// <param name="target">The object waited on (a queue, a process, a lock).</param>
    /// <param name="kind">What the target is, in the learner's words: "queue", "process", "lock".</param>
    /// <param name="id">The target's identity shared by every process (a segment's or a process's name).</param>
    /// <param name="timed">Whether the call has a timeout (then it ends by itself).</param>
    public static Scope Enter(string call, object target, string kind, string? id, bool timed)
    {
        Slot slot = t_slot ?? Register();
        if (slot.Call is not null)
        {
            return default; // nested: the outer call already says what this thread waits for
        }
        slot.Target = target;
        slot.Kind = kind;
        slot.Id = id;
        slot.Timed = timed;
        slot.Sequence++;
        Volatile.Write(ref slot.Call, call);
        return new Scope(slot);
    }

    /// <summary>Gives a shared object a name for messages (the parameter it was passed as); the first name stays.</summary>
    public static void Label(object? target, string label)
    {
        if (target is not null && !string.IsNullOrEmpty(label))
        {
            s_labels.TryAdd(target, label);
        }
    }

    /// <summary>The name given with <see cref="Label"/>, or null.</summary>
    public static string? LabelOf(object target) => s_labels.TryGetValue(target, out string? label) ? label : null;

    /// <summary>Records that this process put an item on the queue named <paramref name="queueId"/>.</summary>
    public static void NotePut(string queueId)
    {
        bool first;
        lock (s_gate)
        {
            first = s_putOn.Add(queueId);
        }
        if (first)
        {
            PutNoted?.Invoke(queueId);
        }
    }

    /// <summary>Whether this process has put on the queue named <paramref name="queueId"/>.</summary>
    public static bool PutHere(string queueId)
    {
        lock (s_gate)
        {
            return s_putOn.Contains(queueId);
        }
    }

    /// <summary>The calls threads of this process are in now, each with its slot's sequence number.</summary>
    public static IReadOnlyList<(BlockedCall Call, object Slot, int Sequence)> Snapshot()
    {
        var calls = new List<(BlockedCall, object, int)>();
        foreach (Slot slot in Volatile.Read(ref s_slots))
        {
            string? call = Volatile.Read(ref slot.Call);
            object? target = slot.Target;
            if (call is null || target is null)
            {
                continue;
            }
            calls.Add((new BlockedCall(call, slot.Kind, slot.Id, LabelOf(target), TypeName(target.GetType()), slot.Timed,
                Detail(target), slot.ThreadName), slot, slot.Sequence));
        }
        return calls;
    }

    /// <summary>The C# spelling of a type: MpQueue&lt;int&gt;, not MpQueue`1.</summary>
    public static string TypeName(Type type)
    {
        if (!type.IsGenericType)
        {
            return Keyword(type);
        }
        string name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>";
    }

    private static string Keyword(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Int32 => "int",
        TypeCode.Int64 => "long",
        TypeCode.String => "string",
        TypeCode.Double => "double",
        TypeCode.Boolean => "bool",
        TypeCode.Byte => "byte",
        _ => type.Name,
    };

    /// <summary>What the object can tell about itself that explains a wait (who holds a lock).</summary>
    private static string? Detail(object target) => target switch
    {
        MpLock { OwnerPid: { } pid } => pid == Environment.ProcessId ? "held by this process" : $"held by pid {pid}",
        MpProcess p => p.Pid is { } pid ? $"pid {pid}" : null,
        _ => null,
    };

    private static Slot Register()
    {
        var slot = new Slot(Thread.CurrentThread);
        lock (s_gate)
        {
            s_slots = [.. s_slots.Where(s => s.Alive), slot];
        }
        return t_slot = slot;
    }

    /// <summary>Ends what <see cref="Enter"/> began.</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly Slot? _slot;

        internal Scope(Slot slot) => _slot = slot;

        public void Dispose()
        {
            if (_slot is { } slot)
            {
                Volatile.Write(ref slot.Call, null);
                slot.Target = null;
            }
        }
    }

    /// <summary>One thread's current call; written only by that thread.</summary>
    internal sealed class Slot(Thread thread)
    {
        private readonly WeakReference<Thread> _thread = new(thread);

        /// <summary>The call the thread is in, null when none; written last on entry, first on exit.</summary>
        public string? Call;

        public object? Target;

        public string Kind = "";

        public string? Id;

        public bool Timed;

        /// <summary>Counts the calls entered, so a reader tells a long wait from a new one.</summary>
        public int Sequence;

        public string? ThreadName { get; } = thread.Name;

        public bool Alive => _thread.TryGetTarget(out Thread? t) && t.IsAlive;
    }
}
