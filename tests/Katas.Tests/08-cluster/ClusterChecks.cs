using System.Globalization;
using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using Harness.Cluster;

namespace Katas.Tests.Clusters;

/// <summary>One in-process cluster of three silos, and a pool of two workers on each, for the tests that only submit work.</summary>
public sealed class KataClusterFixture : IAsyncLifetime
{
    public InProcessCluster Cluster { get; private set; } = null!;

    public ClusterPool Pool { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Cluster = await InProcessCluster.StartAsync(silos: 3);
        Pool = await ClusterPool.ConnectAsync(Cluster.Client, workersPerSilo: 2);
    }

    public async ValueTask DisposeAsync()
    {
        await Pool.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}

/// <summary>Kata 08's tests and its wrong-solution fixtures share the one cluster (starting silos is the costly part).</summary>
[CollectionDefinition(Name)]
public sealed class KataCluster : ICollectionFixture<KataClusterFixture>
{
    public const string Name = "kata 08's cluster";
}

/// <summary>
/// The checks of kata 08, each taking the learner's methods as delegates so that the wrong
/// solutions in <see cref="WrongSolutions"/> can be put through the very same check.
/// </summary>
internal static class ClusterChecks
{
    /// <summary>Generous: a correct call takes seconds; the pool notices a lost silo within seconds too.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    /// <summary>The course's figure for the efficiency job done twice over range(10_000_000).</summary>
    private static readonly Int128 s_courseFigure = Int128.Parse("4999999666666716666660000000", CultureInfo.InvariantCulture);

    private static readonly int[] s_squares = [0, 1, 4, 9, 16, 25, 36, 49, 64, 81];

    public static void MapSquaresGivesTheCourseFigures(ClusterPool pool, Func<IPool, int, List<int>> mapSquares)
    {
        long before = pool.TasksSubmitted;
        List<int> result = Finish(() => mapSquares(pool, 10), "MapSquares(pool, 10)");
        Expect.That(result is not null && result.SequenceEqual(s_squares), () =>
            $"pool.map(job, range(10)) gives the squares of 0..9 in order, on a cluster as on one machine, {Expect.Show(s_squares)}, " +
            $"but MapSquares returned {Expect.Show(result)}.");
        Expect.That(pool.TasksSubmitted > before,
            "MapSquares should hand the work to the pool with pool.Map, not compute the squares in this process: the silos did nothing.");
    }

    public static void MapSquaresEqualsASerialSelect(ClusterPool pool, Func<IPool, int, List<int>> mapSquares) =>
        Properties.ForAll(Gen.Choose(0, 299).ToArbitrary(), 20, n =>
        {
            List<int> result = Finish(() => mapSquares(pool, n), $"MapSquares(pool, {n})");
            Expect.That(result is not null && result.SequenceEqual(Enumerable.Range(0, n).Select(i => i * i)), () =>
                $"the cluster's map of range({n}) should be the same list as a serial Select, the squares of 0..{n - 1} in order, " +
                $"but MapSquares(pool, {n}) returned {Expect.Show(result)}.");
        });

    public static void MapSquaresRunsOnALocalPool(Func<IPool, int, List<int>> mapSquares)
    {
        using MpPool local = Mp.Pool(2);
        List<int> result = Finish(() => mapSquares(local, 10), "MapSquares(localPool, 10)");
        Expect.That(result is not null && result.SequenceEqual(s_squares), () =>
            "MapSquares takes an IPool: the same code runs on local processes and on a cluster, only the line that makes the pool changes. " +
            $"On a local pool of 2 it should give {Expect.Show(s_squares)}, but it returned {Expect.Show(result)}.");
        Expect.That(local.TasksSubmitted > 0, "MapSquares should hand the work to the pool it is given, here a local one, not compute the squares itself.");
    }

    public static void CreatePoolPutsTwoWorkersOnEverySilo(InProcessCluster cluster, Func<IClusterClient, ClusterPool> createPool)
    {
        // The silos' machine says 7 cores during the call: a pool sized by the machine is caught on every machine.
        using ClusterPool pool = Finish(() => createPool(cluster.Client), "CreatePool(client)", cpuCount: 7);
        Expect.That(pool is not null, "CreatePool(client) should return the pool it made.");
        IReadOnlyDictionary<string, int> placed = pool.WorkersBySilo;
        Expect.That(cluster.Silos.All(s => placed.GetValueOrDefault(s) == 2) && pool.Processes == 2 * cluster.Silos.Count, () =>
            $"ClusterPool.Connect(client, workersPerSilo: 2) places two workers on each of the {cluster.Silos.Count} silos, " +
            $"{2 * cluster.Silos.Count} in all, but CreatePool made {pool.Processes}: " +
            $"{string.Join(", ", placed.Select(p => $"{p.Value} on {SiloName(p.Key)}"))}. Pass workersPerSilo: 2 " +
            "(without it the pool puts one worker per core of each silo's machine, which differs from machine to machine).");
    }

    public static void WhereAmINamesTheSilo(ClusterPool pool, IReadOnlyList<string> silos, Func<int, string> whereAmI)
    {
        var seen = Finish(() => pool.Map(whereAmI, Enumerable.Range(0, 12), chunkSize: 1), "pool.Map(WhereAmI, range(12), chunkSize: 1)");
        Expect.That(seen.All(silos.Contains), () =>
            $"inside a task, ClusterPool.CurrentSilo is the address of the silo running it (here one of {string.Join(", ", silos)}); " +
            $"WhereAmI should return that, but it returned {Expect.Show(seen.Distinct().ToList())}.");
    }

    public static void PlacementReachesEverySilo(ClusterPool pool, IReadOnlyList<string> silos, Func<IPool, int, List<string>> placement)
    {
        long before = pool.TasksSubmitted;
        List<string> ran = Finish(() => placement(pool, 30), "Placement(pool, 30)");
        Expect.That(ran is { Count: 30 }, () => $"Placement(pool, 30) should return one answer per task, 30, but it returned {ran?.Count ?? 0}.");
        Expect.That(ran.All(silos.Contains), () =>
            $"every task runs on a silo of the cluster, and WhereAmI names it, but Placement returned {Expect.Show(ran.Distinct().ToList())}: " +
            "map WhereAmI with the pool, so each call runs on a silo.");
        long sent = pool.TasksSubmitted - before;
        Expect.That(sent == 30, () =>
            $"Placement should send one task per item (chunkSize: 1), 30 in all, so the tasks spread over the workers of every silo, but it sent {sent}.");
        Expect.That(ran.Distinct().Count() == silos.Count, () =>
            $"30 tasks of one item each, on a pool with workers on {silos.Count} silos, run on all of them, " +
            $"but Placement's ran on {ran.Distinct().Count()}: {string.Join(", ", ran.Distinct().Select(SiloName))}.");
    }

    public static void EfficiencyJobSendsItsExactSumAsText(ClusterPool pool, Func<long, string> efficiencyJob)
    {
        string small = Finish(() => pool.Apply(efficiencyJob, 1000L), "pool.Apply(EfficiencyJob, 1000)");
        Expect.That(small == "249833583000", () =>
            $"the sum of i + i² + i³ for i < 1000, as in kata 03, is \"249833583000\" (Int128 doesn't travel, so its digits do), " +
            $"but EfficiencyJob(1000) returned {Expect.Show(small)}.");
        string expected = Expected(3_000_000).ToString(CultureInfo.InvariantCulture);
        string big = Finish(() => pool.Apply(efficiencyJob, 3_000_000L), "pool.Apply(EfficiencyJob, 3000000)");
        Expect.That(big == expected, () =>
            $"EfficiencyJob(3000000) should be {Expect.Show(expected)}, but it returned {Expect.Show(big)}: " +
            "past i = 2,097,152 a long i*i*i overflows, so widen i to Int128 before multiplying.");
    }

    public static void MultiCoreGivesTheCourseFigure(ClusterPool pool, Func<IPool, long, Int128> multiCore)
    {
        long before = pool.TasksSubmitted;
        Int128 total = Finish(() => multiCore(pool, Katas.Clusters.ClusterKata.CourseN), "MultiCore(pool, CourseN)");
        Expect.That(total == s_courseFigure, () =>
            $"the course's multicore() gives {s_courseFigure}: two tasks each send the sum for range(10_000_000) as text, and the caller " +
            $"parses and adds them. MultiCore returned {total}.");
        long sent = pool.TasksSubmitted - before;
        Expect.That(sent == 2, () =>
            $"the course's multicore runs the job twice, as two tasks ([n, n] with chunkSize: 1), but MultiCore sent {sent}.");
    }

    public static void JobsSayTheyMayRunTwice(params Delegate[] jobs)
    {
        foreach (Delegate job in jobs)
        {
            MethodInfo method = job.Method;
            Expect.That(method.IsDefined(typeof(IdempotentAttribute)), () =>
                $"{method.Name} only computes its result, so running it again after a lost silo is harmless: mark it [Idempotent] " +
                "so the pool reruns its task on another silo instead of failing the whole map.");
        }
    }

    /// <summary>Kills one silo of a cluster of three, then maps: the list must still be complete.</summary>
    public static async Task ASiloLostUnderAMapStillGivesTheList(Func<IPool, int, List<int>> mapSquares)
    {
        CancellationToken cancel = TestContext.Current.CancellationToken;
        await using InProcessCluster cluster = await InProcessCluster.StartAsync(silos: 3, cancel);
        using ClusterPool pool = await ClusterPool.ConnectAsync(cluster.Client, workersPerSilo: 2, cancel);
        string victim = cluster.Silos[^1];

        // The silo dies; the pool learns it only when the tasks it sends there are lost.
        await cluster.KillSiloAsync(victim, cancel);
        List<int> squares = Finish(() => mapSquares(pool, 60), "MapSquares(pool, 60) with a silo lost");

        Expect.That(squares is not null && squares.SequenceEqual(Enumerable.Range(0, 60).Select(i => i * i)), () =>
            "with a silo lost, the tasks sent to it run again on the silos left, so the map is complete and in order, " +
            $"but MapSquares(pool, 60) returned {Expect.Show(squares)}.");
        Expect.That(pool.Processes == 4, () =>
            $"the pool should notice the lost silo and go on with the four workers of the two silos left, but it has {pool.Processes}.");
    }

    /// <summary>The closed form of the sum, computed here independently of the learner's code.</summary>
    internal static Int128 Expected(long n)
    {
        Int128 m = n;
        Int128 s1 = m * (m - 1) / 2;
        return s1 + ((m - 1) * m * ((2 * m) - 1) / 6) + (s1 * s1);
    }

    /// <summary>"127.0.0.1:11112@123" as people read it: "127.0.0.1:11112".</summary>
    private static string SiloName(string silo) => silo.Split('@')[0];

    /// <summary>Runs the learner's call with a deadline, and turns what the pool threw into a sentence about the learner's code.</summary>
    /// <param name="cpuCount">When set, the core count the pool assumes for each silo during the call (so a default size is the same on every machine).</param>
    public static T Finish<T>(Func<T> call, string what, int? cpuCount = null) =>
        LearnerCall.Finish(() => Translate(call, what), what,
            "Something waits for a result that never comes: the pool fails a task on a lost silo within seconds.", Deadline, cpuCount).Result;

    private static T Translate<T>(Func<T> call, string what)
    {
        try
        {
            return call();
        }
        catch (RemoteException e) when (e.RemoteType == typeof(NotImplementedException).FullName)
        {
            throw new KataFailure(
                $"{what} ran a method on a silo that still throws NotImplementedException: finish Job, WhereAmI and EfficiencyJob too, " +
                $"the silos call them ({e.Message})", e.ToString());
        }
        catch (WorkerLostException e)
        {
            throw new KataFailure(
                $"A silo was lost while {what} ran a task, and the pool could not run that task again because its method is not marked " +
                $"[Idempotent]. Mark Job and EfficiencyJob with [Idempotent] (they only compute their result). The pool said: {e.Message}",
                e.ToString());
        }
    }
}
