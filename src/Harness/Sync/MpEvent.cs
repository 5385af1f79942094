using System.Runtime.InteropServices;
using Harness.Native;
using Harness.Shared;
using Harness.Sync;

namespace Harness;

/// <summary>
/// A flag shared by processes that others can wait for, like Python's <c>multiprocessing.Event</c>.
/// Create it with <see cref="Mp.Event"/>; it starts cleared.
/// </summary>
public sealed unsafe class MpEvent : IDisposable
{
    [StructLayout(LayoutKind.Sequential)]
    private struct State
    {
        /// <summary>1 when set.</summary>
        public int Flag;

        /// <summary>Threads inside Wait (asleep or about to be).</summary>
        public int Waiters;

        /// <summary>
        /// Counts Set calls, and is the word waiters sleep on: a waiter woken by a Set returns
        /// true even if Clear came right after, as in Python.
        /// </summary>
        public int Generation;
    }

    private readonly SyncSegment _sync;
    private readonly State* _state;

    private MpEvent(SyncSegment sync)
    {
        _sync = sync;
        _state = (State*)sync.State;
    }

    internal string Name => _sync.Name;

    private WaitWord Generation => _sync.Word(&_state->Generation);

    /// <summary>Whether the flag is set now (Python's <c>is_set()</c>).</summary>
    /// <exception cref="ObjectDisposedException">Disposed in this process.</exception>
    public bool IsSet
    {
        get
        {
            _sync.ThrowIfDisposed(this);
            return Volatile.Read(ref _state->Flag) != 0;
        }
    }

    /// <summary>Sets the flag and wakes every process and thread waiting for it.</summary>
    public void Set()
    {
        _sync.ThrowIfDisposed(this);
        Interlocked.Exchange(ref _state->Flag, 1);
        Interlocked.Increment(ref _state->Generation);
        // Full fences above: a waiter counted before them is woken; one counted after sees the flag.
        if (Volatile.Read(ref _state->Waiters) > 0)
        {
            Generation.WakeAll();
        }
    }

    /// <summary>Clears the flag; later waits block until the next <see cref="Set"/>.</summary>
    public void Clear()
    {
        _sync.ThrowIfDisposed(this);
        Interlocked.Exchange(ref _state->Flag, 0);
    }

    /// <summary>Blocks until the flag is set or the timeout passes (null: forever).</summary>
    /// <returns>true once the flag is (or was, during the wait) set; false on timeout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is negative and not infinite.</exception>
    public bool Wait(TimeSpan? timeout = null)
    {
        int ms = Timeouts.ToMilliseconds(timeout, nameof(timeout));
        _sync.ThrowIfDisposed(this);
        int generation = Generation.Read();
        if (IsSet)
        {
            return true;
        }
        using var waiting = Processes.Blocking.Enter("Wait", this, "event", _sync.Name, timed: ms >= 0);
        var deadline = Deadline.In(ms);
        Interlocked.Increment(ref _state->Waiters);
        try
        {
            while (true)
            {
                if (IsSet || Generation.Read() != generation)
                {
                    return true;
                }
                if (deadline.HasPassed)
                {
                    return false;
                }
                Generation.Wait(generation, deadline.Remaining);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _state->Waiters);
        }
    }

    /// <summary>Unmaps it in this process; the creator's Dispose also removes its name.</summary>
    public void Dispose() => _sync.Dispose();

    /// <inheritdoc />
    public override string ToString() => _sync.Segment.IsDisposed ? "<MpEvent disposed>" : $"<MpEvent {(IsSet ? "set" : "unset")}>";

    internal static MpEvent Create() => new(SyncSegment.Create(SegmentKind.Event));

    internal static MpEvent Open(string name) => new(SyncSegment.Open(name, SegmentKind.Event));
}
