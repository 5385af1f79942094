using System.Runtime.InteropServices;
using Harness.Native;
using Harness.Shared;
using Harness.Sync;

namespace Harness;

/// <summary>
/// A meeting point for a fixed number of parties across processes, like Python's
/// <c>multiprocessing.Barrier</c>: each <see cref="Wait"/> blocks until <see cref="Parties"/>
/// of them have arrived, then all go on together, and the barrier is ready for the next round.
/// Create it with <see cref="Mp.Barrier"/>.
/// </summary>
/// <remarks>
/// One 64-bit word holds the round number (high half) and the arrivals of this round (low
/// half), so arriving and opening the next round are one compare-and-swap. Waiters sleep on the
/// round half: "sleep while the round is still mine". The last arrival moves the round on and
/// wakes them all; a waiter that comes back for the next round sleeps on the new round's value,
/// so it can never take a wake-up meant for one still asleep in the last round (with anonymous
/// semaphore posts it could, and that cost the first version a 50 ms pause on ~45% of waits).
/// </remarks>
public sealed unsafe class MpBarrier : IDisposable
{
    /// <summary>In the low half of <see cref="State.RoundAndCount"/>: the round ended because the barrier broke.</summary>
    private const long BrokeFlag = 1L << 31;

    [StructLayout(LayoutKind.Sequential)]
    private struct State
    {
        /// <summary>
        /// (round &lt;&lt; 32) | [bit 31: the last round ended by breaking] | arrivals in this round
        /// (Python's <c>n_waiting</c>). The high half, at offset 4, is the wait word. Breaking
        /// moves the round on with bit 31 set, so the waiters of the broken round wake and tell
        /// that from an opening; a reset would move it on the same way and clear <see cref="Broken"/>.
        /// </summary>
        public long RoundAndCount;

        /// <summary>1 once broken (timeout or Abort); stays broken.</summary>
        public int Broken;
    }

    private readonly SyncSegment _sync;
    private readonly State* _state;

    private MpBarrier(SyncSegment sync)
    {
        _sync = sync;
        _state = (State*)sync.State;
        Parties = (int)sync.Segment.Header->Length;
    }

    static MpBarrier() =>
        System.Diagnostics.Debug.Assert(BitConverter.IsLittleEndian, "The round is the high half of a little-endian word.");

    internal string Name => _sync.Name;

    /// <summary>How many parties must arrive for the barrier to open.</summary>
    public int Parties { get; }

    /// <summary>True once a party timed out or called <see cref="Abort"/>.</summary>
    /// <exception cref="ObjectDisposedException">Disposed in this process.</exception>
    public bool IsBroken
    {
        get
        {
            _sync.ThrowIfDisposed(this);
            return Volatile.Read(ref _state->Broken) != 0;
        }
    }

    /// <summary>The round half of the word: what waiters sleep on.</summary>
    private WaitWord Round => _sync.Word((int*)&_state->RoundAndCount + 1);

    /// <summary>
    /// Arrives and blocks until all <see cref="Parties"/> have arrived, or the timeout passes
    /// (null: forever). A timeout breaks the barrier for everyone, as in Python.
    /// </summary>
    /// <returns>This party's arrival index, 0 to Parties - 1, different for each party of a round.</returns>
    /// <exception cref="BrokenBarrierException">The barrier is or became broken, or the timeout passed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is negative and not infinite.</exception>
    public int Wait(TimeSpan? timeout = null)
    {
        int ms = Timeouts.ToMilliseconds(timeout, nameof(timeout));
        _sync.ThrowIfDisposed(this);
        ThrowIfBroken();
        using var waiting = Processes.Blocking.Enter("Wait", this, "barrier", _sync.Name, timed: ms >= 0);
        var deadline = Deadline.In(ms);
        (int round, int index) = Arrive();
        if (index == Parties - 1)
        {
            Round.WakeAll();
            return index;
        }
        while (true)
        {
            long word = Volatile.Read(ref _state->RoundAndCount);
            int now = (int)(word >> 32);
            if (now != round)
            {
                // The round ended: opened, unless it was this very round that broke.
                if (now == round + 1 && (word & BrokeFlag) != 0)
                {
                    throw new BrokenBarrierException();
                }
                return index;
            }
            ThrowIfBroken();
            if (deadline.HasPassed)
            {
                Abort();
                throw new BrokenBarrierException($"Only some of the {Parties} parties reached the barrier within {timeout}; it is now broken for all of them.");
            }
            Round.Wait(round, deadline.Remaining);
        }
    }

    /// <summary>Breaks the barrier: every waiting and later <see cref="Wait"/> throws <see cref="BrokenBarrierException"/>.</summary>
    public void Abort()
    {
        _sync.ThrowIfDisposed(this);
        Interlocked.Exchange(ref _state->Broken, 1);
        // Move the round on (flagged as broken), so that sleepers wake and none can start a sleep on it.
        while (true)
        {
            long word = Volatile.Read(ref _state->RoundAndCount);
            long next = (((word >> 32) + 1) << 32) | BrokeFlag;
            if (Interlocked.CompareExchange(ref _state->RoundAndCount, next, word) == word)
            {
                break;
            }
        }
        Round.WakeAll();
    }

    /// <summary>Unmaps it in this process; the creator's Dispose also removes its name.</summary>
    public void Dispose() => _sync.Dispose();

    /// <inheritdoc />
    public override string ToString() =>
        _sync.Segment.IsDisposed ? "<MpBarrier disposed>" : $"<MpBarrier parties={Parties}{(IsBroken ? " broken" : "")}>";

    /// <summary>Counts this party in; the last one starts the next round in the same atomic step.</summary>
    private (int Round, int Index) Arrive()
    {
        while (true)
        {
            long word = Volatile.Read(ref _state->RoundAndCount);
            long round = word >> 32;
            int count = (int)(word & (BrokeFlag - 1));
            long next = count + 1 == Parties ? (round + 1) << 32 : (round << 32) | (uint)(count + 1);
            if (Interlocked.CompareExchange(ref _state->RoundAndCount, next, word) == word)
            {
                // Broken in between: this arrival counts for nothing.
                ThrowIfBroken();
                return ((int)round, count);
            }
        }
    }

    private void ThrowIfBroken()
    {
        if (IsBroken)
        {
            throw new BrokenBarrierException();
        }
    }

    internal static MpBarrier Create(int parties)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 1);
        return new(SyncSegment.Create(SegmentKind.Barrier, length: parties));
    }

    internal static MpBarrier Open(string name) => new(SyncSegment.Open(name, SegmentKind.Barrier));
}
