namespace Cluster.Tests;

/// <summary>The tests' pool functions: static methods of this assembly, which every silo loads.</summary>
internal static class Jobs
{
    /// <summary>How long a test's task or the test waits for the other side: generous, for a heavily loaded machine (a passing run waits far less).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

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
    /// test passes it every worker is running one of them; then every item waits until the test
    /// has killed a silo (<c>Killed</c>), so the killed silo is always killed while its tasks run,
    /// however slowly the test's thread gets there. A run after the test aborted the barrier
    /// (a rerun) doesn't wait at it.
    /// </summary>
    public static int MeetThenSquare((MpBarrier Meeting, MpEvent Killed, int X) item)
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
        item.Killed.Wait(Patience);
        return item.X * item.X;
    }

    /// <summary><see cref="MeetThenSquare"/>, marked safe to run twice.</summary>
    [Idempotent]
    public static int MeetThenSquareIdempotent((MpBarrier Meeting, MpEvent Killed, int X) item) => MeetThenSquare(item);

    /// <summary>
    /// For silos in the test's process: meet as <see cref="MeetThenSquare"/> does, then run 5
    /// seconds, long enough for the test to kill a silo under it. Such a task can't wait for the
    /// kill: killing an in-process silo waits for the calls it is running (measured: it waited
    /// for as long as the tasks did, 3 minutes), and their replies are dropped.
    /// </summary>
    public static int MeetThenSquareInProcess((MpBarrier Meeting, int X) item)
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
        Thread.Sleep(5000);
        return item.X * item.X;
    }

    /// <summary><see cref="MeetThenSquareInProcess"/>, marked safe to run twice.</summary>
    [Idempotent]
    public static int MeetThenSquareInProcessIdempotent((MpBarrier Meeting, int X) item) => MeetThenSquareInProcess(item);
}
