using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harness.Native;

namespace Harness.Tests.Pools;

public sealed class MpPoolTests(PoolFixture fixture) : IClassFixture<PoolFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);
    private readonly MpPool _pool = fixture.Pool;

    [Fact]
    public void Map_gives_the_course_figures_in_order()
    {
        _pool.Map(PoolJobs.Square, Enumerable.Range(0, 10)).Should().Equal(0, 1, 4, 9, 16, 25, 36, 49, 64, 81);
        _pool.Processes.Should().Be(2);
    }

    [Fact]
    public void Work_runs_in_at_most_Processes_worker_processes_which_are_reused()
    {
        var pids = _pool.Map(PoolJobs.PidOf, Enumerable.Range(0, 200), chunkSize: 1).Distinct().ToList();
        var more = Enumerable.Range(0, 20).Select(_ => _pool.ApplyAsync(PoolJobs.Pid)).Select(r => r.Get(Long)).Distinct();

        pids.Should().NotContain(Environment.ProcessId);
        pids.Concat(more).Distinct().Should().HaveCountLessThanOrEqualTo(2, "two workers run all 220 tasks: they are started once and reused");
    }

    [Property(MaxTest = 40)]
    public void Map_equals_Select_for_any_input_and_chunk_size(int[] items, NonNegativeInt chunk)
    {
        int chunkSize = chunk.Get % 7;
        _pool.Map(PoolJobs.Cube, items.Select(i => (long)i), chunkSize).Should().Equal(items.Select(i => PoolJobs.Cube(i)));
    }

    [Property(MaxTest = 25)]
    public void IMap_keeps_order_and_IMapUnordered_the_same_multiset(int[] items, PositiveInt chunk)
    {
        int chunkSize = 1 + (chunk.Get % 5);
        var expected = items.Select(PoolJobs.Square).ToList();

        _pool.IMap(PoolJobs.Square, items, chunkSize).Should().Equal(expected);
        _pool.IMapUnordered(PoolJobs.Square, items, chunkSize).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void Big_integer_results_come_back_from_the_workers()
    {
        _pool.Map(PoolJobs.Power, [10, 40, 90]).Should().Equal(
            System.Numerics.BigInteger.Pow(3, 10), System.Numerics.BigInteger.Pow(3, 40), System.Numerics.BigInteger.Pow(3, 90));
    }

    [Fact]
    public void StarMap_passes_each_pair_as_two_arguments()
    {
        _pool.StarMap(PoolJobs.Add, [(1, 2), (3, 4), (10, -10)]).Should().Equal(3, 7, 0);
    }

    [Fact]
    public async Task Apply_and_ApplyAsync_give_the_course_figure()
    {
        _pool.Apply(PoolJobs.Square, 2).Should().Be(4);
        _pool.Apply(PoolJobs.Add, 2, 3).Should().Be(5);
        _pool.Apply(PoolJobs.Pid).Should().NotBe(Environment.ProcessId);
        _pool.ApplyAsync(PoolJobs.Square, 2).Get(Long).Should().Be(4);
        (await _pool.ApplyAsync(PoolJobs.Greet, "pool")).Should().Be("hello pool");
        (await _pool.ApplyAsync(PoolJobs.Add, 1, 1).AsTask()).Should().Be(2);
        var many = Enumerable.Range(0, 10).Select(i => _pool.ApplyAsync(PoolJobs.Square, i)).ToList();
        many.Select(r => r.Get(Long)).Should().Equal(0, 1, 4, 9, 16, 25, 36, 49, 64, 81);
    }

    [Fact]
    public void An_async_result_reports_readiness_and_times_out_clearly()
    {
        var slow = _pool.ApplyAsync(PoolJobs.SleepMs, 2000);

        slow.Ready.Should().BeFalse();
        slow.Invoking(r => r.Successful).Should().Throw<InvalidOperationException>();
        slow.Invoking(r => r.Get(TimeSpan.FromMilliseconds(50))).Should().Throw<TimeoutException>();
        slow.Wait(Long);
        slow.Ready.Should().BeTrue();
        slow.Successful.Should().BeTrue();
        slow.Get().Should().Be(2000);
    }

    [Fact]
    public void A_function_that_throws_fails_its_task_with_the_remote_details_and_the_pool_carries_on()
    {
        var failed = _pool.ApplyAsync(PoolJobs.ThrowIfNegative, -5);

        var error = failed.Invoking(r => r.Get(Long)).Should().Throw<RemoteException>().Which;
        error.RemoteType.Should().Be("System.ArgumentOutOfRangeException");
        error.Message.Should().Contain("negative input");
        error.RemoteStackTrace.Should().Contain(nameof(PoolJobs.ThrowIfNegative));
        error.Pid.Should().NotBeNull().And.NotBe(Environment.ProcessId);
        failed.Successful.Should().BeFalse();

        _pool.Invoking(p => p.Map(PoolJobs.ThrowIfNegative, [1, 2, -3, 4])).Should().Throw<RemoteException>();
        _pool.Map(PoolJobs.Square, [1, 2, 3]).Should().Equal(1, 4, 9);
    }

    [Fact]
    public void A_result_that_cannot_be_sent_back_fails_that_task_not_the_pool()
    {
        var bad = _pool.ApplyAsync(PoolJobs.ReturnStream, 1);

        bad.Invoking(r => r.Get(Long)).Should().Throw<RemoteException>().WithMessage("*can't be sent back*");
        _pool.Apply(PoolJobs.Square, 3).Should().Be(9);
    }

    [Fact]
    public void Bad_functions_and_arguments_are_refused_at_the_call()
    {
        int captured = 2;
        _pool.Invoking(p => p.ApplyAsync((int x) => x * captured, 1)).Should().Throw<ArgumentException>().WithMessage("*'captured'*");
        _pool.Invoking(p => p.ApplyAsync((Stream s) => 1, new MemoryStream())).Should().Throw<ArgumentException>();
        _pool.Invoking(p => p.Map(PoolJobs.Square, [1], chunkSize: -1)).Should().Throw<ArgumentOutOfRangeException>();
        _pool.Map(PoolJobs.Square, Array.Empty<int>()).Should().BeEmpty();
    }
}
