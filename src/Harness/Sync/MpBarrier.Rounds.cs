using System.Diagnostics;
using System.Runtime.InteropServices;
using Harness.Native;
using Harness.Sync;

namespace Harness;

/// <remarks>
/// <para>
/// The rounds. One 64-bit word holds the round number (high half) and, in the low half, two
/// flags and a count, so arriving, opening, breaking and resetting are each one compare-and-swap.
/// Parties waiting in a round sleep on the round half: "sleep while the round is still mine".
/// The round moves on when it opens (the last arrival, or after the action) and when it ends
/// broken (a timeout, Abort, a failed action, or Reset while parties wait); whoever moves it
/// wakes them all. A party that comes back for the next round sleeps on the new round's value,
/// so it can never take a wake-up meant for one still asleep in the last round.
/// </para>
/// <para>
/// A woken party reads how its round ended from the word: "one round on and draining" means it
/// broke. For that to stay readable, a round that ends broken closes the next one to arrivals
/// (the draining flag, with the count of its parties yet to look) until each of its parties has
/// looked and counted itself out; a round can't end without arrivals, so the round number can't
/// move on under a party that has not looked yet, and "more than one round on" can only mean
/// that its round opened. Python's barrier closes the next round the same way while it drains
/// or resets; here an opened round needs no draining, so the usual pass costs one swap a party.
/// Parties kept out (draining, or the action running) sleep on the low half, which everything
/// that lets them in changes, and whoever changes it wakes them.
/// </para>
/// </remarks>
public sealed unsafe partial class MpBarrier
{
    /// <summary>Low half: the last round broke, and the count is how many of its parties have not yet seen that.</summary>
    private const long DrainingFlag = 1L << 31;

    /// <summary>Low half: broken, until Reset.</summary>
    private const long BrokenFlag = 1L << 30;

    /// <summary>Low half: arrivals in this round (all the parties while the action runs), or while draining, see <see cref="DrainingFlag"/>.</summary>
    private const long CountMask = BrokenFlag - 1;

    private const long RoundMask = unchecked((long)0xFFFF_FFFF_0000_0000UL);

    /// <summary>The most parties the count holds.</summary>
    internal const int MaxParties = (int)CountMask;

    [StructLayout(LayoutKind.Sequential)]
    private struct State
    {
        /// <summary>(round &lt;&lt; 32) | draining | broken | count: see the remarks. The high half, at offset 4, and the low half are the wait words.</summary>
        public long Word;

        /// <summary>Wait's default timeout in milliseconds; -1: none.</summary>
        public int DefaultTimeoutMs;

        /// <summary>Bytes of the encoded action after the state; 0: no action.</summary>
        public int ActionLength;
    }

    static MpBarrier() =>
        Debug.Assert(BitConverter.IsLittleEndian, "The round is the high half of a little-endian word.");

    /// <summary>The round half of the word: what parties in a round sleep on.</summary>
    private WaitWord Round => _sync.Word((int*)&_state->Word + 1);

    /// <summary>The low half: what parties kept out of a closed round sleep on.</summary>
    private WaitWord Low => _sync.Word((int*)&_state->Word);

    private long Read() => Volatile.Read(ref _state->Word);

    private bool TrySwap(long expected, long next) => Interlocked.CompareExchange(ref _state->Word, next, expected) == expected;

    private static int RoundOf(long word) => (int)(word >> 32);

    private static int CountOf(long word) => (int)(word & CountMask);

    private static long NextRound(long word) => unchecked((word & RoundMask) + (1L << 32));

    /// <summary>Counts this party into the current round, once it is open to arrivals.</summary>
    /// <returns>The round, this party's index in it, and the word as this arrival left it.</returns>
    private (int Round, int Index, long Arrived) Arrive(Deadline deadline, int ms)
    {
        while (true)
        {
            long word = Read();
            if ((word & BrokenFlag) != 0)
            {
                throw new BrokenBarrierException();
            }
            int count = CountOf(word);
            if ((word & DrainingFlag) != 0 || count == Parties)
            {
                // Closed: parties of a broken round have yet to see that it broke, or the action runs.
                if (deadline.HasPassed)
                {
                    Abort();
                    throw TimedOut(ms);
                }
                Low.Wait((int)word, deadline.Remaining);
                continue;
            }
            // The last arrival opens the round in the same step, unless the action must run first:
            // then the full round stays closed until it has.
            long next = count + 1 == Parties && _action is null ? NextRound(word) : word + 1;
            if (TrySwap(word, next))
            {
                return (RoundOf(word), count, next);
            }
        }
    }

    /// <summary>Sleeps until this party's round ends; returns its index if the round opened.</summary>
    private int AwaitRound(int round, int index, Deadline deadline, int ms)
    {
        bool timedOut = false;
        while (true)
        {
            long word = Read();
            int now = RoundOf(word);
            if (now != round)
            {
                if (now == unchecked(round + 1) && (word & DrainingFlag) != 0)
                {
                    // This round broke; the next stays closed until this party has seen it.
                    CountOutOfDrain();
                    throw timedOut ? TimedOut(ms) : new BrokenBarrierException();
                }
                return index;
            }
            if (deadline.HasPassed)
            {
                // Break this round only: if it ended meanwhile, how it ended stands.
                timedOut = BreakRound(round);
                continue;
            }
            Round.Wait(round, deadline.Remaining);
        }
    }

    /// <summary>The last party, with the round full and closed: runs the action, then opens the round.</summary>
    private void RunActionAndOpen(long full)
    {
        Debug.Assert(CountOf(full) == Parties, "The action runs in a full round.");
        try
        {
            _action!.Run();
        }
        catch
        {
            // As in Python: the action's exception goes to the party that ran it, and the barrier breaks.
            if (TrySwap(full, NextRound(full) | DrainingFlag | BrokenFlag | (uint)Parties))
            {
                WakeEveryone();
            }
            CountOutOfDrain();
            // A Reset while the action ran ended the round unbroken: break it all the same.
            Abort();
            throw;
        }
        if (TrySwap(full, NextRound(full)))
        {
            WakeEveryone();
            return;
        }
        // Only an Abort, a Reset or another party's timeout moves a full round on: all end it broken.
        CountOutOfDrain();
        throw new BrokenBarrierException();
    }

    /// <summary>Ends round <paramref name="round"/> broken, if it is still the current one (a party's timeout).</summary>
    private bool BreakRound(int round)
    {
        while (true)
        {
            long word = Read();
            if (RoundOf(word) != round)
            {
                return false;
            }
            Debug.Assert((word & (DrainingFlag | BrokenFlag)) == 0 && CountOf(word) > 0, "A round with a party in it is open and counts it.");
            if (TrySwap(word, NextRound(word) | DrainingFlag | BrokenFlag | (uint)CountOf(word)))
            {
                WakeEveryone();
                return true;
            }
        }
    }

    /// <summary>Abort (broken) or Reset (not broken): parties in the current round get BrokenBarrierException.</summary>
    private void EndRound(bool broken)
    {
        while (true)
        {
            long word = Read();
            if (broken && (word & BrokenFlag) != 0)
            {
                return;
            }
            long flag = broken ? BrokenFlag : 0;
            int count = CountOf(word);
            // While draining, or with nobody in the round, there is no one to tell: the round stays.
            long next = (word & DrainingFlag) != 0 || count == 0
                ? (word & ~BrokenFlag) | flag
                : NextRound(word) | DrainingFlag | flag | (uint)count;
            if (TrySwap(word, next))
            {
                WakeEveryone();
                return;
            }
        }
    }

    /// <summary>A party of a broken round has seen it broke; the last to do so opens the next round to arrivals.</summary>
    private void CountOutOfDrain()
    {
        while (true)
        {
            long word = Read();
            Debug.Assert((word & DrainingFlag) != 0 && CountOf(word) > 0, "Only a party the drain counts leaves it.");
            bool last = CountOf(word) == 1;
            if (TrySwap(word, last ? word & ~(DrainingFlag | CountMask) : word - 1))
            {
                if (last)
                {
                    Low.WakeAll();
                }
                return;
            }
        }
    }

    private void WakeEveryone()
    {
        Round.WakeAll();
        Low.WakeAll();
    }
}
