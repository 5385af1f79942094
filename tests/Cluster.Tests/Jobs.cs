namespace Cluster.Tests;

/// <summary>The tests' pool functions: static methods of this assembly, which every silo loads.</summary>
internal static class Jobs
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static int Square(int x) => x * x;

    public static long Add(int a, long b) => a + b;

    public static int Seven() => 7;

    public static int Fails(int x) => throw new DivideByZeroException($"no square for {x}");

    /// <summary>A task that takes a moment, so that tasks are spread by who is free.</summary>
    public static string SlowWhereAmI(int x)
    {
        Thread.Sleep(20);
        return ClusterPool.CurrentSilo ?? "not on a silo";
    }

    /// <summary>The tasks a silo still ran, counted in this process (in-process silos only).</summary>
    public static int HoldRuns;

    public static CountdownEvent HoldStarted = new(0);

    public static ManualResetEventSlim HoldRelease = new();

    /// <summary>Runs until the test releases it.</summary>
    public static int Hold(int x)
    {
        Interlocked.Increment(ref HoldRuns);
        try
        {
            HoldStarted.Signal();
        }
        catch (InvalidOperationException)
        {
            // More tasks started than the test waits for: the count says so.
        }
        HoldRelease.Wait(Patience);
        return x;
    }

    /// <summary>
    /// The first <c>Parties - 1</c> items meet at the barrier with the test, so that when the
    /// test passes it every worker is running one of them; then each runs a while, long enough
    /// for the test to kill a silo under it. A run after the test aborted the barrier (a rerun)
    /// doesn't wait.
    /// </summary>
    public static int MeetThenSquare((MpBarrier Meeting, int X) item)
    {
        if (item.X < item.Meeting.Parties - 1)
        {
            try
            {
                item.Meeting.Wait(Patience);
            }
            catch (BrokenBarrierException)
            {
            }
        }
        Thread.Sleep(2000);
        return item.X * item.X;
    }

    /// <summary><see cref="MeetThenSquare"/>, marked safe to run twice.</summary>
    [Idempotent]
    public static int MeetThenSquareIdempotent((MpBarrier Meeting, int X) item) => MeetThenSquare(item);
}
