using System.Buffers.Binary;
using FsCheck.Xunit;
using Harness.Pools;

namespace Cluster.Tests;

[Collection(SharedCluster.Name)]
public sealed class ClusterPoolTests(ClusterFixture fixture)
{
    private readonly ClusterPool _pool = fixture.Pool;

    [Fact]
    public void Map_gives_the_courses_squares_in_order()
    {
        _pool.Map(Jobs.Square, Enumerable.Range(0, 10)).Should().Equal([0, 1, 4, 9, 16, 25, 36, 49, 64, 81],
            "pool.map(job, range(10)) gives the same list on a cluster as on one machine");
    }

    [Property(MaxTest = 25)]
    public void Map_equals_a_serial_Select_for_any_items_and_chunk_size(int[] items, byte chunk)
    {
        _pool.Map(Jobs.Square, items, chunk % 7).Should().Equal(items.Select(Jobs.Square));
    }

    [Fact]
    public void Workers_are_placed_evenly_two_on_each_silo()
    {
        _pool.Processes.Should().Be(6, "three silos with two workers each");
        _pool.WorkersBySilo.Should().BeEquivalentTo(fixture.Cluster.Silos.ToDictionary(s => s, _ => 2),
            "every silo gets the same number of workers, each pinned to its silo");
    }

    [Fact]
    public void Tasks_spread_over_every_silo()
    {
        var before = _pool.CompletedBySilo;
        List<string> silos = _pool.Map(Jobs.SlowWhereAmI, Enumerable.Range(0, 60), chunkSize: 1);

        var counts = silos.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        counts.Keys.Should().BeEquivalentTo(fixture.Cluster.Silos, "each of the three silos ran some of the 60 tasks");
        counts.Values.Should().OnlyContain(c => c >= 10,
            $"60 equal tasks on 3 silos of 2 workers each give each silo about 20, never a small share: {string.Join(", ", counts)}");
        foreach ((string silo, int count) in counts)
        {
            (_pool.CompletedBySilo[silo] - before.GetValueOrDefault(silo)).Should().Be(count, "the pool counts the replies of each silo");
        }
    }

    [Fact]
    public void A_task_that_throws_comes_back_as_a_RemoteException_and_the_pool_goes_on()
    {
        var call = () => _pool.Apply(Jobs.Fails, 7);

        RemoteException e = call.Should().Throw<RemoteException>().Which;
        e.RemoteType.Should().Be(typeof(DivideByZeroException).FullName);
        e.Message.Should().Be("no square for 7");
        e.RemoteStackTrace.Should().Contain(nameof(Jobs.Fails), "the stack trace is the silo's");
        _pool.Apply(Jobs.Square, 4).Should().Be(16, "the worker survives a task that throws");
    }

    [Fact]
    public void Every_IPool_member_gives_the_same_results_as_on_a_local_pool()
    {
        using MpPool local = Mp.Pool(2);
        foreach (IPool pool in new IPool[] { local, _pool })
        {
            string which = pool.GetType().Name;
            pool.Apply(Jobs.Seven).Should().Be(7, which);
            pool.ApplyAsync(Jobs.Add, 2, 40L).Get(Jobs.Patience).Should().Be(42, which);
            pool.MapAsync(Jobs.Square, Enumerable.Range(1, 3)).Get(Jobs.Patience).Should().Equal([1, 4, 9], which);
            pool.StarMap(Jobs.Add, [(1, 2L), (3, 4L)]).Should().Equal([3L, 7L], which);
            pool.IMap(Jobs.Square, Enumerable.Range(0, 20), chunkSize: 3).Should().Equal(Enumerable.Range(0, 20).Select(Jobs.Square), which);
            pool.IMapUnordered(Jobs.Square, Enumerable.Range(0, 20)).Should().BeEquivalentTo(Enumerable.Range(0, 20).Select(Jobs.Square), which);
            pool.Map(Jobs.Square, Array.Empty<int>()).Should().BeEmpty(which);
        }
    }

    [Fact]
    public void Callbacks_run_before_the_result_is_ready_on_both_pools()
    {
        using MpPool local = Mp.Pool(2);
        foreach (IPool pool in new IPool[] { local, _pool })
        {
            string which = pool.GetType().Name;
            var values = new List<int>();
            var lists = new List<List<int>>();
            var errors = new List<Exception>();

            pool.ApplyAsync(Jobs.Square, 5, callback: values.Add).Get(Jobs.Patience).Should().Be(25, which);
            values.Should().Equal([25], $"{which}: the callback had the value before Get returned it");

            pool.MapAsync(Jobs.Square, Enumerable.Range(1, 3), callback: lists.Add).Get(Jobs.Patience).Should().Equal([1, 4, 9], which);
            pool.StarMapAsync(Jobs.Add, [(1, 2L)], callback: r => values.Add((int)r[0])).Get(Jobs.Patience).Should().Equal([3L], which);
            lists.Should().ContainSingle(which).Which.Should().Equal([1, 4, 9]);
            values.Should().Equal([25, 3], which);

            var failing = pool.ApplyAsync(Jobs.Fails, 3, errorCallback: errors.Add);
            failing.Invoking(r => r.Get(Jobs.Patience)).Should().Throw<RemoteException>(which);
            errors.Should().ContainSingle(which).Which.Should().BeOfType<RemoteException>();

            var throwing = pool.ApplyAsync(Jobs.Seven, callback: _ => throw new InvalidDataException("from the callback"));
            throwing.Invoking(r => r.Get(Jobs.Patience)).Should().Throw<InvalidDataException>($"{which}: a callback that throws fails the result with its exception");
        }
    }

    [Fact]
    public void A_capturing_lambda_is_refused_at_the_call_naming_what_it_captured()
    {
        int k = 3;
        var call = () => _pool.Map(x => x * k, [1, 2]);

        call.Should().Throw<ArgumentException>().WithMessage("*'k'*", "a silo has its own memory, like a child process");
    }

    [Fact]
    public void A_silo_with_another_build_of_the_assembly_refuses_the_task_clearly()
    {
        byte[] definition = RemoteTasks.Define((Func<int, int>)Jobs.Square, "func", typeof(int), typeof(int));
        // The definition starts with the assembly's name and path, then its module version id:
        // change that id, as a rebuild of the client's program would.
        int at = 0;
        for (int field = 0; field < 2; field++)
        {
            at += 4 + BinaryPrimitives.ReadInt32LittleEndian(definition.AsSpan(at));
        }
        definition[at + 4] ^= 0xFF;

        var call = () => _pool.SubmitDefinition<int>(definition, RemoteTasks.PackItems(Enumerable.Repeat(3, 1).ToArray())).Get(Jobs.Patience);

        RemoteException e = call.Should().Throw<RemoteException>().Which;
        e.RemoteType.Should().Be(typeof(InvalidOperationException).FullName);
        e.Message.Should().Contain("Silo ").And.Contain("not the build").And.Contain("same build",
            "the message names the silo, says the builds differ and what to do");
    }

    [Fact]
    public async Task Close_then_Join_finishes_the_submitted_tasks_and_refuses_new_ones()
    {
        ClusterPool pool = await ClusterPool.ConnectAsync(fixture.Cluster.Client, workersPerSilo: 1, TestContext.Current.CancellationToken);
        var pending = Enumerable.Range(0, 9).Select(i => pool.ApplyAsync(Jobs.Square, i)).ToList();

        pool.Close();
        pool.Join();

        pending.Select(r => r.Get(TimeSpan.Zero)).Should().Equal(Enumerable.Range(0, 9).Select(Jobs.Square));
        pool.Invoking(p => p.Apply(Jobs.Square, 1)).Should().Throw<InvalidOperationException>().WithMessage("*closed*");
        await pool.DisposeAsync();
    }

    [Fact]
    public async Task Terminate_fails_every_pending_result_and_the_silos_drop_the_tasks_not_started()
    {
        ClusterPool pool = await ClusterPool.ConnectAsync(fixture.Cluster.Client, workersPerSilo: 2, TestContext.Current.CancellationToken);
        Jobs.HoldRuns = 0;
        Jobs.HoldStarted = new CountdownEvent(pool.Processes);
        Jobs.HoldRelease = new ManualResetEventSlim();
        try
        {
            var pending = Enumerable.Range(0, 30).Select(i => pool.ApplyAsync(Jobs.Hold, i)).ToList();
            Jobs.HoldStarted.Wait(Jobs.Patience, TestContext.Current.CancellationToken).Should().BeTrue("each of the 6 workers starts a task");

            pool.Terminate();

            pending.Should().OnlyContain(r => r.Ready, "Terminate fails every result at once");
            foreach (var r in pending)
            {
                r.Invoking(x => x.Get()).Should().Throw<OperationCanceledException>();
            }
            Jobs.HoldRelease.Set();
            await pool.DrainAsync(Jobs.Patience);
            TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
            Jobs.HoldRuns.Should().Be(6,
                "only the 6 tasks already running ran: the 6 waiting behind them on the silos were dropped, the other 18 never left the pool");
        }
        finally
        {
            Jobs.HoldRelease.Set();
            await pool.DisposeAsync();
        }
    }
}
