using Harness.Shared;

namespace Harness.Native;

/// <summary>
/// The one seam between the blocking primitives and the operating system: a futex-style wait
/// on a 32-bit word of a shared segment. <see cref="Wait"/> sleeps only while the word still
/// holds the value the caller last saw, so a change made before the sleep starts is never
/// missed; <see cref="Wake"/> wakes sleepers on that word in whatever process they are.
/// </summary>
/// <remarks>
/// Every primitive is built the same way on top: change the state in shared memory first, then
/// wake; a waiter reads the word, checks the state, and sleeps on the value it read. A wait may
/// return early (a signal, a stale wake-up): callers always look at the state again and loop.
/// The back-end is chosen once per process (<see cref="Variable"/>), and children inherit the
/// choice through the environment, so every process of a tree waits and wakes the same way.
/// </remarks>
internal abstract unsafe class WaitBackend
{
    /// <summary>
    /// The switch: unset or <c>native</c> picks the OS's own (Linux futex, macOS 14.4+
    /// os_sync_wait_on_address, Windows named semaphores); <c>portable</c> forces the polling
    /// back-end that older macOS and unknown systems use; <c>slots</c> runs the Windows wait
    /// queue with a stand-in for its kernel objects (Linux only; for testing that logic).
    /// </summary>
    public const string Variable = "HARNESS_WAIT";

    private static readonly Lazy<WaitBackend> s_current = new(Choose);

    /// <summary>The back-end of this process.</summary>
    public static WaitBackend Current => s_current.Value;

    /// <summary>Its name, as the switch spells it and the bench prints it.</summary>
    public abstract string Name { get; }

    /// <summary>Sleeps while <c>*word == expected</c>, until woken or the timeout passes; may return early.</summary>
    /// <param name="word">The word, in a shared segment, 4-byte aligned.</param>
    /// <param name="expected">The value the caller last read; a different value returns at once.</param>
    /// <param name="millisecondsTimeout">-1: no limit; 0 returns at once.</param>
    public abstract void Wait(WaitWord word, int expected, int millisecondsTimeout);

    /// <summary>Wakes up to <paramref name="count"/> threads sleeping on the word (int.MaxValue: all).</summary>
    public abstract void Wake(WaitWord word, int count);

    /// <summary>Called when a segment is unmapped in this process: drop any OS object kept for it.</summary>
    public virtual void Forget(SharedSegment segment)
    {
    }

    /// <summary>A segment is being unmapped in this process: the back-end, if one was chosen yet, drops what it kept for it.</summary>
    public static void ForgetSegment(SharedSegment segment)
    {
        if (s_current.IsValueCreated)
        {
            s_current.Value.Forget(segment);
        }
    }

    private static WaitBackend Choose()
    {
        string? asked = Environment.GetEnvironmentVariable(Variable);
        WaitBackend backend = asked switch
        {
            null or "" or "native" => Native(),
            "portable" => new PollingBackend(),
            "slots" when OperatingSystem.IsLinux() => new SlotBackend(new FutexSlotWake()),
            _ => throw new InvalidOperationException(
                $"{Variable}={asked} is not a wait back-end: use native (the default), portable{(OperatingSystem.IsLinux() ? " or slots" : "")}."),
        };
        // Children inherit the choice: a process that sleeps in one back-end must be woken by the same one.
        Environment.SetEnvironmentVariable(Variable, backend.Name);
        return backend;
    }

    private static WaitBackend Native()
    {
        if (OperatingSystem.IsLinux())
        {
            return new FutexBackend();
        }
        if (OperatingSystem.IsWindows())
        {
            return new SlotBackend(new NamedSemaphoreSlotWake());
        }
        if (OperatingSystem.IsMacOS() && OsSyncBackend.TryCreate() is { } osSync)
        {
            return osSync;
        }
        // macOS before 14.4 and systems the harness doesn't know: CPython polls there too.
        return new PollingBackend();
    }
}

/// <summary>A 32-bit word of a shared segment that threads of any process can sleep on.</summary>
internal readonly unsafe struct WaitWord
{
    public WaitWord(SharedSegment segment, int* address)
    {
        System.Diagnostics.Debug.Assert(((nint)address & 3) == 0, "A wait word must be 4-byte aligned.");
        Segment = segment;
        Address = address;
    }

    public SharedSegment Segment { get; }

    public int* Address { get; }

    /// <summary>The word's value now.</summary>
    public int Read() => Volatile.Read(ref *Address);

    /// <inheritdoc cref="WaitBackend.Wait"/>
    public void Wait(int expected, int millisecondsTimeout) => WaitBackend.Current.Wait(this, expected, millisecondsTimeout);

    /// <summary>Wakes one sleeper.</summary>
    public void WakeOne() => WaitBackend.Current.Wake(this, 1);

    /// <summary>Wakes every sleeper.</summary>
    public void WakeAll() => WaitBackend.Current.Wake(this, int.MaxValue);

    /// <summary>Wakes up to <paramref name="count"/> sleepers.</summary>
    public void Wake(int count) => WaitBackend.Current.Wake(this, count);
}
