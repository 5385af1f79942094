using System.Globalization;
using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harness.Cluster;
using Katas.Clusters;

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

[Trait("Kata", "08-cluster")]
public sealed class ClusterKataTests(KataClusterFixture fixture) : IClassFixture<KataClusterFixture>
{
    /// <summary>The course's figure for the efficiency job done twice over range(10_000_000).</summary>
    private static readonly Int128 CourseFigure = Int128.Parse("4999999666666716666660000000", CultureInfo.InvariantCulture);

    private readonly ClusterPool _pool = fixture.Pool;

    [Fact]
    public void MapSquares_gives_the_course_figures_computed_on_the_cluster()
    {
        long before = _pool.TasksSubmitted;

        ClusterChecks.Run(() => ClusterKata.MapSquares(_pool, 10)).Should().Equal([0, 1, 4, 9, 16, 25, 36, 49, 64, 81],
            "pool.map(job, range(10)) gives the squares of 0..9 in order, on a cluster as on one machine");
        _pool.TasksSubmitted.Should().BeGreaterThan(before, "MapSquares must hand the work to the pool with pool.Map, not compute it here");
    }

    [Property(MaxTest = 20)]
    public void MapSquares_on_the_cluster_equals_a_serial_Select_for_any_n(NonNegativeInt n)
    {
        int count = n.Get % 300;
        ClusterChecks.Run(() => ClusterKata.MapSquares(_pool, count)).Should().Equal(Enumerable.Range(0, count).Select(i => i * i),
            $"the cluster's map of range({count}) is the same list as a serial Select, in the same order");
    }

    [Fact]
    public void The_same_MapSquares_runs_unchanged_on_a_local_pool()
    {
        using MpPool local = Mp.Pool(2);

        ClusterChecks.Run(() => ClusterKata.MapSquares(local, 10)).Should().Equal([0, 1, 4, 9, 16, 25, 36, 49, 64, 81],
            "MapSquares takes an IPool: the code doesn't change between local processes and a cluster, only the line that makes the pool");
        local.TasksSubmitted.Should().BeGreaterThan(0, "the local pool did the work");
    }

    [Fact]
    public void CreatePool_puts_two_workers_on_every_silo()
    {
        using ClusterPool pool = ClusterChecks.Run(() => ClusterKata.CreatePool(fixture.Cluster.Client));

        pool.WorkersBySilo.Should().BeEquivalentTo(fixture.Cluster.Silos.ToDictionary(s => s, _ => 2),
            "ClusterPool.Connect(client, workersPerSilo: 2) places two workers on each of the three silos");
        pool.Processes.Should().Be(6, "three silos with two workers each run six tasks at once");
    }

    [Fact]
    public void WhereAmI_names_the_silo_running_the_task()
    {
        string silo = ClusterChecks.Run(() => _pool.Apply(ClusterKata.WhereAmI, 0));

        fixture.Cluster.Silos.Should().Contain(silo,
            "inside a task, ClusterPool.CurrentSilo is the address of the silo running it; return that");
    }

    [Fact]
    public void Placement_shows_the_tasks_ran_on_more_than_one_silo()
    {
        List<string> silos = ClusterChecks.Run(() => ClusterKata.Placement(_pool, 30));

        silos.Should().HaveCount(30, "one answer per task");
        silos.Should().OnlyContain(s => fixture.Cluster.Silos.Contains(s), "every task ran on a silo of the cluster");
        silos.Distinct().Should().HaveCount(3,
            "30 tasks of one item each on a pool with workers on three silos run on all three; " +
            "a single chunk (no chunkSize: 1) would run on one silo only");
    }

    [Fact]
    public void EfficiencyJob_sends_its_exact_sum_as_text()
    {
        ClusterChecks.Run(() => _pool.Apply(ClusterKata.EfficiencyJob, 1000L)).Should().Be("249833583000",
            "the sum of i + i² + i³ for i < 1000, as in kata 03; Int128 can't be serialized, so the digits travel");
        ClusterChecks.Run(() => _pool.Apply(ClusterKata.EfficiencyJob, 3_000_000L)).Should().Be(Expected(3_000_000).ToString(CultureInfo.InvariantCulture),
            "past i = 2,097,152 a long i*i*i overflows: widen i to Int128 before multiplying");
    }

    [Fact]
    public void MultiCore_on_the_cluster_gives_the_course_figure()
    {
        long before = _pool.TasksSubmitted;

        Int128 total = ClusterChecks.Finish(() => ClusterKata.MultiCore(_pool, ClusterKata.CourseN), "MultiCore(pool, CourseN)");

        total.Should().Be(CourseFigure, "two tasks each send the sum for range(10_000_000) as text; the caller parses and adds them");
        (_pool.TasksSubmitted - before).Should().Be(2, "the course's multicore runs the job twice: two tasks, [n, n] with one per chunk");
    }

    [Fact]
    public void The_jobs_say_they_may_run_twice()
    {
        foreach (string name in new[] { nameof(ClusterKata.Job), nameof(ClusterKata.EfficiencyJob) })
        {
            bool markedIdempotent = typeof(ClusterKata).GetMethod(name)!.IsDefined(typeof(IdempotentAttribute));
            markedIdempotent.Should().BeTrue(
                $"{name} only computes its result, so running it again after a lost silo is harmless: mark it [Idempotent] " +
                "so the pool reruns its task on another silo instead of failing the whole map");
        }
    }

    /// <summary>The closed form of the sum, computed here independently of the learner's code.</summary>
    internal static Int128 Expected(long n)
    {
        Int128 m = n;
        Int128 s1 = m * (m - 1) / 2;
        return s1 + ((m - 1) * m * ((2 * m) - 1) / 6) + (s1 * s1);
    }
}

/// <summary>A silo is lost under a map: each test has a cluster of its own to lose a silo of.</summary>
[Trait("Kata", "08-cluster")]
public sealed class ClusterKataSiloLossTests : IAsyncLifetime
{
    private InProcessCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await InProcessCluster.StartAsync(silos: 3);

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_silo_lost_under_a_map_still_gives_the_correct_list()
    {
        using ClusterPool pool = await ClusterPool.ConnectAsync(_cluster.Client, workersPerSilo: 2, TestContext.Current.CancellationToken);
        string victim = _cluster.Silos[^1];

        // The silo dies; the pool learns it only when the tasks it sends there are lost.
        await _cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);
        List<int> squares = ClusterChecks.Finish(() => ClusterKata.MapSquares(pool, 60), "MapSquares(pool, 60) with a silo lost");

        squares.Should().Equal(Enumerable.Range(0, 60).Select(i => i * i),
            "the tasks sent to the lost silo ran again on the two silos left, so the map is complete and in order");
        pool.WorkersBySilo.Keys.Should().Contain(victim, "the pool had workers on the silo that was lost");
        pool.Processes.Should().Be(4, "the pool noticed the loss and goes on with the workers of the two silos left");
    }
}

/// <summary>Turns the pool's errors about the learner's code into messages about it.</summary>
internal static class ClusterChecks
{
    /// <summary>Generous: a correct call takes seconds; the pool notices a lost silo within seconds too.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    /// <summary>Runs the learner's call off the test's thread with a deadline, so that a wait that never ends fails the test.</summary>
    public static T Finish<T>(Func<T> call, string what)
    {
        Task<T> task = Task.Run(() => Run(call));
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(Deadline))
        {
            throw new TimeoutException($"{what} did not finish within {Deadline.TotalMinutes:F0} minutes: something waits for a result that never comes.");
        }
        return task.GetAwaiter().GetResult();
    }

    public static T Run<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (RemoteException e) when (e.RemoteType == typeof(NotImplementedException).FullName)
        {
            throw new InvalidOperationException(
                $"A silo ran a method that is still a stub: {e.Message} Finish Job, WhereAmI and EfficiencyJob too: the silos call them.", e);
        }
        catch (WorkerLostException e)
        {
            throw new InvalidOperationException(
                "A silo was lost while running a task, and the pool could not run that task again because its method is not marked " +
                $"[Idempotent]. Mark Job and EfficiencyJob with [Idempotent] (they only compute their result). The pool said: {e.Message}", e);
        }
    }
}
