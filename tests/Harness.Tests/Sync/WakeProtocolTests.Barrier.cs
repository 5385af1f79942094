using System.Diagnostics;
using FsCheck.Xunit;

namespace Harness.Tests.Sync;

/// <summary>
/// The barrier's rounds under Reset and with an action: resets racing the last arrival, a party
/// frozen (SIGSTOP) while the rounds move on, and an action a thousand rounds long. Each party
/// waits with a generous deadline, so a lost wake-up shows as a broken barrier, never as a slow
/// pass; a party that misreads how its round ended shows as unequal counts.
/// </summary>
public sealed partial class WakeProtocolTests
{
    private const int ResetRaceWaits = 300;

    /// <summary>
    /// Waits <paramref name="n"/> times while another process resets the barrier; counts this
    /// party's passes in <paramref name="tally"/>[party], the indexes handed out in [parties..],
    /// and says it is done in the last slot.
    /// </summary>
    private static void WaitThroughResets(MpBarrier b, int n, int party, SharedArray<int> tally)
    {
        Span<int> t = tally.AsSpan();
        for (int i = 0; i < n; i++)
        {
            try
            {
                int index = b.Wait(Patience);
                Interlocked.Increment(ref t[party]);
                Interlocked.Increment(ref t[b.Parties + index]);
            }
            catch (BrokenBarrierException)
            {
                // Reset under this party: it comes back for the next round.
            }
        }
        Interlocked.Increment(ref t[^1]);
    }

    /// <summary>Passes the barrier n times; after pass i, the action must have run exactly i + 1 times.</summary>
    private static void PassWithAction(MpBarrier b, int n, SharedArray<int> runs, SharedArray<int> indexCounts)
    {
        for (int i = 0; i < n; i++)
        {
            int index = b.Wait(Patience);
            int ran = Volatile.Read(ref runs.AsSpan()[0]);
            if (ran != i + 1)
            {
                throw new InvalidOperationException($"After pass {i} the action had run {ran} times, not {i + 1}: it must run once a round, before any party goes on.");
            }
            Interlocked.Increment(ref indexCounts.AsSpan()[index]);
        }
    }

    /// <summary>The action of <see cref="PassWithAction"/>: counts its runs.</summary>
    private static void CountRun(SharedArray<int> runs) => Interlocked.Increment(ref runs.AsSpan()[0]);

    /// <summary>Waits once and says how the round ended, then meets once more.</summary>
    private static void WaitAndTell(MpBarrier b, MpQueue<string> outcome, bool meetAgain)
    {
        try
        {
            b.Wait(Patience);
            outcome.Put("passed");
        }
        catch (BrokenBarrierException)
        {
            outcome.Put("broken");
        }
        if (meetAgain)
        {
            b.Wait(Patience);
            outcome.Put("met");
        }
    }

    [Property(MaxTest = 3, Arbitrary = [typeof(WakeProtocolTests)])]
    public void Resets_racing_the_last_arrival_lose_no_wake_up_and_every_party_reads_each_round_alike(int parties)
    {
        using var b = Mp.Barrier(parties);
        // [0, parties): passes per party; [parties, 2 * parties): passes per index; last: parties done.
        using var tally = Mp.Array<int>((2 * parties) + 1, withLock: false);
        var ps = Enumerable.Range(0, parties).Select(i => Children.Start(Mp.Process(WaitThroughResets, b, ResetRaceWaits, i, tally))).ToList();
        try
        {
            // Reset just as the round fills, racing the last arrival; once some parties are done,
            // reset whoever waits, so that the rest can finish too.
            var sw = Stopwatch.StartNew();
            while (Volatile.Read(ref tally.AsSpan()[^1]) < parties)
            {
                int running = parties - Volatile.Read(ref tally.AsSpan()[^1]);
                if (b.NWaiting >= Math.Max(1, running - 1))
                {
                    b.Reset();
                }
                else
                {
                    Thread.Yield();
                }
                sw.Elapsed.Should().BeLessThan(4 * Patience, "the parties must get through their waits; one is stuck");
            }
            ps.ForEach(p => p.JoinOk());
        }
        finally
        {
            ps.ForEach(p => p.Dispose());
        }
        int[] t = tally.ToArray();
        int opened = t[0];
        t[..parties].Should().AllBeEquivalentTo(opened, "a round that opened let every party through, and one that was reset let none through: all parties read each round alike");
        t[parties..(2 * parties)].Should().AllBeEquivalentTo(opened, "each opened round handed out every index once");
        b.IsBroken.Should().BeFalse("no party's wait reached its deadline: every wake-up arrived (only a timeout breaks this barrier)");
    }

    [Property(MaxTest = 4, Arbitrary = [typeof(WakeProtocolTests)])]
    public void A_barrier_with_an_action_runs_it_once_a_round_for_a_thousand_rounds(int parties)
    {
        using var runs = Mp.Array<int>(1, withLock: false);
        using var counts = Mp.Array<int>(parties, withLock: false);
        using var b = Mp.Barrier(parties, CountRun, runs);
        var ps = Enumerable.Range(0, parties - 1).Select(_ => Children.Start(Mp.Process(PassWithAction, b, Passes, runs, counts))).ToList();
        try
        {
            PassWithAction(b, Passes, runs, counts);
            ps.ForEach(p => p.JoinOk());
        }
        finally
        {
            ps.ForEach(p => p.Dispose());
        }
        runs[0].Should().Be(Passes, "the action runs once a round");
        counts.ToArray().Should().AllBeEquivalentTo(Passes, "in each of the rounds every arrival index went to exactly one party");
        b.IsBroken.Should().BeFalse("no party's wait reached its deadline: every wake-up arrived");
    }

    [Fact]
    public void A_party_frozen_through_two_resets_still_learns_its_round_was_reset()
    {
        Assert.SkipWhen(!OperatingSystem.IsLinux(), "It freezes a child with SIGSTOP and reads its state in /proc.");
        using var b = Mp.Barrier(2);
        using var outcome = Mp.Queue<string>();
        using var a = Children.Start(Mp.Process(WaitAndTell, b, outcome, true));
        Children.WaitUntil(() => b.NWaiting == 1, "the child to wait in the first round");
        Freeze(a);
        Func<int> late;
        try
        {
            b.Reset();
            // A party that comes now must not start a round the frozen one would misread...
            late = Children.StartThread(() => b.Wait(Patience));
            // ...nor may a second reset move the rounds on under it.
            b.Reset();
        }
        finally
        {
            Thaw(a);
        }
        outcome.Get(Patience).Should().Be("broken", "its round was reset, however many resets came before it woke");
        late().Should().BeInRange(0, 1, "the party that came during the reset meets the child's next wait");
        outcome.Get(Patience).Should().Be("met");
        a.JoinOk();
    }

    [Fact]
    public void A_party_frozen_after_its_round_opened_still_passes_when_the_next_round_is_reset()
    {
        Assert.SkipWhen(!OperatingSystem.IsLinux(), "It freezes a child with SIGSTOP and reads its state in /proc.");
        using var b = Mp.Barrier(2);
        using var outcome = Mp.Queue<string>();
        using var a = Children.Start(Mp.Process(WaitAndTell, b, outcome, false));
        Children.WaitUntil(() => b.NWaiting == 1, "the child to wait in the first round");
        Freeze(a);
        Func<int> next;
        try
        {
            b.Wait(Patience).Should().Be(1, "this party completes the child's round");
            next = Children.StartThread(() =>
            {
                try
                {
                    return b.Wait(Patience);
                }
                catch (BrokenBarrierException)
                {
                    return -1;
                }
            });
            Children.WaitUntil(() => b.NWaiting == 1, "a party to wait in the next round");
            b.Reset();
            next().Should().Be(-1, "the next round was reset under it");
        }
        finally
        {
            Thaw(a);
        }
        outcome.Get(Patience).Should().Be("passed", "its round opened before the child woke; a later reset doesn't undo that");
        a.JoinOk();
    }

    /// <summary>Stops the child with SIGSTOP and waits until the kernel shows it stopped.</summary>
    private static void Freeze(MpProcess p)
    {
        Signal(p, "STOP");
        Children.WaitUntil(() => StateOf(p.Pid!.Value) == 'T', $"{p.Name} to stop");
    }

    private static void Thaw(MpProcess p) => Signal(p, "CONT");

    private static void Signal(MpProcess p, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", p.Pid!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit(Patience).Should().BeTrue();
        kill.ExitCode.Should().Be(0, $"kill -{signal} {p.Pid} should succeed");
    }

    /// <summary>The state letter of /proc/pid/stat (after the command name, which may hold spaces).</summary>
    private static char StateOf(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }
}
