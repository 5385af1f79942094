using System.Diagnostics;
using System.Runtime.InteropServices;
using Harness.Shared;
using Harness.Sync;

namespace Harness;

/// <summary>
/// A meeting point for a fixed number of parties across processes, like Python's
/// <c>multiprocessing.Barrier</c>: each <see cref="Wait"/> blocks until <see cref="Parties"/>
/// of them have arrived, then all go on together, and the barrier is ready for the next round.
/// Create it with <see cref="Mp.Barrier"/>.
/// </summary>
public sealed unsafe class MpBarrier : IDisposable
{
    [StructLayout(LayoutKind.Sequential)]
    private struct State
    {
        /// <summary>(round &lt;&lt; 32) | arrivals in this round: one word, so arriving and starting a new round are one atomic step.</summary>
        public long RoundAndCount;

        /// <summary>Parties asleep, or about to be, in Wait.</summary>
        public int Waiters;

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
        long start = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _state->Waiters);
        try
        {
            (long round, int index) = Arrive();
            if (index == Parties - 1)
            {
                WakeAll();
                return index;
            }
            while (Volatile.Read(ref _state->RoundAndCount) >> 32 == round)
            {
                ThrowIfBroken();
                int remaining = ms < 0 ? -1 : ms - (int)Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (ms >= 0 && remaining <= 0)
                {
                    Abort();
                    throw new BrokenBarrierException($"Only some of the {Parties} parties reached the barrier within {timeout}; it is now broken for all of them.");
                }
                _sync.Cell.Wait(SyncSegment.Slice(remaining));
            }
            return index;
        }
        finally
        {
            Interlocked.Decrement(ref _state->Waiters);
        }
    }

    /// <summary>Breaks the barrier: every waiting and later <see cref="Wait"/> throws <see cref="BrokenBarrierException"/>.</summary>
    public void Abort()
    {
        _sync.ThrowIfDisposed(this);
        Interlocked.Exchange(ref _state->Broken, 1);
        WakeAll();
    }

    /// <summary>Unmaps it in this process; the creator's Dispose also removes its name.</summary>
    public void Dispose() => _sync.Dispose();

    /// <inheritdoc />
    public override string ToString() =>
        _sync.Segment.IsDisposed ? "<MpBarrier disposed>" : $"<MpBarrier parties={Parties}{(IsBroken ? " broken" : "")}>";

    /// <summary>Counts this party in; the last one starts the next round in the same atomic step.</summary>
    private (long Round, int Index) Arrive()
    {
        while (true)
        {
            long word = Volatile.Read(ref _state->RoundAndCount);
            long round = word >> 32;
            int count = (int)word;
            long next = count + 1 == Parties ? (round + 1) << 32 : word + 1;
            if (Interlocked.CompareExchange(ref _state->RoundAndCount, next, word) == word)
            {
                return (round, count);
            }
        }
    }

    private void WakeAll()
    {
        int waiters = Volatile.Read(ref _state->Waiters);
        for (int i = 0; i < waiters; i++)
        {
            _sync.Cell.Post();
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
        return new(SyncSegment.Create(SegmentKind.Barrier, 0, length: parties));
    }

    internal static MpBarrier Open(string name) => new(SyncSegment.Open(name, SegmentKind.Barrier));
}
