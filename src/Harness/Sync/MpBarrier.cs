using Harness.Shared;
using Harness.Sync;

namespace Harness;

/// <summary>
/// A meeting point for a fixed number of parties across processes, like Python's
/// <c>multiprocessing.Barrier</c>: each <see cref="Wait"/> blocks until <see cref="Parties"/>
/// of them have arrived; then the barrier's action, if it has one, runs in the last party to
/// arrive, and all go on together, and the barrier is ready for the next round.
/// Create it with <see cref="Mp.Barrier(int)"/> or one of its overloads.
/// </summary>
/// <remarks>
/// Pass it to child processes as an argument: the round, the arrivals, the default timeout and
/// the action all live in its shared segment, so each process sees the same barrier. How the
/// rounds are counted, and why none of their wake-ups can be lost, is in MpBarrier.Rounds.cs.
/// </remarks>
public sealed unsafe partial class MpBarrier : IDisposable
{
    private readonly SyncSegment _sync;
    private readonly State* _state;
    private readonly BarrierAction? _action;

    private MpBarrier(SyncSegment sync, BarrierAction? action)
    {
        _sync = sync;
        _state = (State*)sync.State;
        _action = action;
        Parties = (int)sync.Segment.Header->Length;
    }

    internal string Name => _sync.Name;

    /// <summary>How many parties must arrive for the barrier to open (Python's <c>parties</c>).</summary>
    public int Parties { get; }

    /// <summary>
    /// True once a party timed out, the action threw or <see cref="Abort"/> was called, until
    /// <see cref="Reset"/> (Python's <c>broken</c>). Never blocks.
    /// </summary>
    /// <exception cref="ObjectDisposedException">Disposed in this process.</exception>
    public bool IsBroken
    {
        get
        {
            _sync.ThrowIfDisposed(this);
            return (Read() & BrokenFlag) != 0;
        }
    }

    /// <summary>
    /// How many parties have arrived in the current round and not yet been let through (Python's
    /// <c>n_waiting</c>); while the action runs, all of them. 0 while the barrier is broken, or
    /// while the parties of a broken round are still being told so. Never blocks; like Python's,
    /// the figure may be out of date as soon as it is read.
    /// </summary>
    /// <exception cref="ObjectDisposedException">Disposed in this process.</exception>
    public int NWaiting
    {
        get
        {
            _sync.ThrowIfDisposed(this);
            long word = Read();
            return (word & (DrainingFlag | BrokenFlag)) != 0 ? 0 : CountOf(word);
        }
    }

    /// <summary>
    /// Arrives and blocks until all <see cref="Parties"/> have arrived (and the action, if any,
    /// has run in the last of them), or the timeout passes. A timeout breaks the barrier for
    /// everyone, as in Python. A party that comes while the barrier is still telling the parties
    /// of a reset or broken round about it, or while the action runs, first waits for that to end
    /// (within the same timeout).
    /// </summary>
    /// <param name="timeout">
    /// How long to wait. Null (the default) uses the barrier's default timeout, given when it was
    /// made (none: forever); <see cref="Timeout.InfiniteTimeSpan"/> waits forever in any case.
    /// </param>
    /// <returns>This party's arrival index, 0 to Parties - 1, different for each party of a round.</returns>
    /// <exception cref="BrokenBarrierException">
    /// The barrier is or became broken, was reset while this party waited, or the timeout passed.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is negative and not infinite.</exception>
    /// <exception cref="ObjectDisposedException">Disposed in this process.</exception>
    /// <remarks>In the last party to arrive, what the action throws comes out of Wait as it is (the barrier is then broken).</remarks>
    public int Wait(TimeSpan? timeout = null)
    {
        int ms = timeout is null ? Timeout.Infinite : Timeouts.ToMilliseconds(timeout, nameof(timeout));
        _sync.ThrowIfDisposed(this);
        if (timeout is null)
        {
            ms = _state->DefaultTimeoutMs;
        }
        using var waiting = Processes.Blocking.Enter("Wait", this, "barrier", _sync.Name, timed: ms >= 0);
        var deadline = Deadline.In(ms);
        (int round, int index, long arrived) = Arrive(deadline, ms);
        if (index < Parties - 1)
        {
            return AwaitRound(round, index, deadline, ms);
        }
        if (_action is null)
        {
            // Arriving opened the round.
            Round.WakeAll();
            return index;
        }
        RunActionAndOpen(arrived);
        return index;
    }

    /// <summary>
    /// Puts the barrier back to its first state, unbroken and empty (Python's <c>reset()</c>):
    /// parties waiting in it now get <see cref="BrokenBarrierException"/>, later ones meet as usual.
    /// Never blocks.
    /// </summary>
    /// <exception cref="ObjectDisposedException">Disposed in this process.</exception>
    public void Reset()
    {
        _sync.ThrowIfDisposed(this);
        EndRound(broken: false);
    }

    /// <summary>
    /// Breaks the barrier (Python's <c>abort()</c>): every waiting and later <see cref="Wait"/>
    /// throws <see cref="BrokenBarrierException"/> until <see cref="Reset"/>. Never blocks.
    /// </summary>
    /// <exception cref="ObjectDisposedException">Disposed in this process.</exception>
    public void Abort()
    {
        _sync.ThrowIfDisposed(this);
        EndRound(broken: true);
    }

    /// <summary>Unmaps it in this process; the creator's Dispose also removes its name.</summary>
    public void Dispose()
    {
        _action?.Dispose();
        _sync.Dispose();
    }

    /// <inheritdoc />
    public override string ToString()
    {
        if (_sync.Segment.IsDisposed)
        {
            return "<MpBarrier disposed>";
        }
        return IsBroken ? $"<MpBarrier parties={Parties} broken>" : $"<MpBarrier parties={Parties} waiting={NWaiting}>";
    }

    private BrokenBarrierException TimedOut(int ms) =>
        new($"Only some of the {Parties} parties reached the barrier within {TimeSpan.FromMilliseconds(ms)}; it is now broken for all of them.");

    /// <summary>Makes a barrier; <paramref name="action"/> is what the last party runs, in any process.</summary>
    /// <param name="parties">1 or more.</param>
    /// <param name="timeout">The default timeout of Wait (null: none).</param>
    /// <param name="action">The action as the user gave it (null: none); checked and named for other processes.</param>
    /// <param name="run">The action as this process runs it (the delegate itself, with its argument).</param>
    /// <param name="arguments">The action's arguments, serialized.</param>
    internal static MpBarrier Create(int parties, TimeSpan? timeout, Delegate? action = null, Action? run = null, byte[][]? arguments = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parties, MaxParties);
        int ms = Timeouts.ToMilliseconds(timeout, nameof(timeout));
        byte[] encoded = action is null ? [] : BarrierAction.Encode(action, nameof(action), arguments ?? []);
        var sync = SyncSegment.Create(SegmentKind.Barrier, segment =>
        {
            var state = (State*)segment.Payload;
            state->DefaultTimeoutMs = ms;
            state->ActionLength = encoded.Length;
            encoded.CopyTo(new Span<byte>(segment.Payload + SyncSegment.StateSize, encoded.Length));
        }, length: parties, extraBytes: encoded.Length);
        return new(sync, run is null ? null : BarrierAction.Local(run));
    }

    /// <summary>Opens a barrier another process made, and finds its action in this process.</summary>
    /// <exception cref="InvalidOperationException">It no longer exists, is damaged, or its action can't be found here.</exception>
    internal static MpBarrier Open(string name)
    {
        var sync = SyncSegment.Open(name, SegmentKind.Barrier);
        try
        {
            var state = (State*)sync.State;
            long parties = sync.Segment.Header->Length;
            int length = state->ActionLength;
            if (parties is < 1 or > MaxParties || length < 0 || length > sync.ExtraCapacity)
            {
                throw new InvalidOperationException($"The shared barrier '{name}' is damaged: it claims {parties} parties and a {length}-byte action.");
            }
            BarrierAction? action = length == 0 ? null : BarrierAction.Decode(new ReadOnlySpan<byte>(sync.Extra, length).ToArray());
            return new(sync, action);
        }
        catch
        {
            sync.Dispose();
            throw;
        }
    }
}
