using System.Collections.Concurrent;
using static Harness.Tests.Conformance.ConformanceJobs;

namespace Harness.Tests.Conformance;

/// <summary>A pool of two workers shared by the pool cases, as CPython's _TestPool shares one.</summary>
public sealed class ConformancePoolFixture : IDisposable
{
    public MpPool Pool { get; } = Mp.Pool(2);

    public void Dispose() => Pool.Dispose();
}

/// <summary>
/// CPython's <c>_TestPool</c>, <c>_TestPoolWorkerErrors</c>, <c>_TestPoolWorkerLifetime</c> and
/// <c>TestInitializers</c>, case by case under their names. Deliberate differences: a task's
/// exception comes back as RemoteException naming its type (CPython re-raises the same type); the
/// input iterable's own exception is rethrown as itself, as in CPython; TimeoutError is
/// TimeoutException; a pickling failure of an argument is ArgumentException at the call, and of
/// a result RemoteException; CPython's timing assertions are left out.
/// </summary>
public sealed class PoolConformanceTests(ConformancePoolFixture fixture) : IClassFixture<ConformancePoolFixture>
{
    private readonly MpPool _pool = fixture.Pool;

    [Fact]
    public void test_apply() => _pool.Apply(Sqr, 5).Should().Be(25);

    [Fact]
    public void test_map()
    {
        _pool.Map(Sqr, Enumerable.Range(0, 10)).Should().Equal(Enumerable.Range(0, 10).Select(Sqr));
        _pool.Map(Sqr, Enumerable.Range(0, 100), chunkSize: 20).Should().Equal(Enumerable.Range(0, 100).Select(Sqr));
    }

    [Fact]
    public void test_starmap()
    {
        var tuples = Enumerable.Range(0, 10).Zip(Enumerable.Range(0, 10).Reverse()).ToList();
        _pool.StarMap(Mul, tuples).Should().Equal(tuples.Select(t => t.First * t.Second));
        var more = Enumerable.Range(0, 100).Zip(Enumerable.Range(0, 100).Reverse()).ToList();
        _pool.StarMap(Mul, more, chunkSize: 20).Should().Equal(more.Select(t => t.First * t.Second));
    }

    [Fact]
    public void test_starmap_async()
    {
        var tuples = Enumerable.Range(0, 100).Zip(Enumerable.Range(0, 100).Reverse()).ToList();

        _pool.StarMapAsync(Mul, tuples).Get(Patience).Should().Equal(tuples.Select(t => t.First * t.Second));
    }

    [Fact]
    public void test_map_async() => _pool.MapAsync(Sqr, Enumerable.Range(0, 10)).Get(Patience).Should().Equal(Enumerable.Range(0, 10).Select(Sqr));

    [Fact]
    public void test_map_async_callbacks()
    {
        var callArgs = new List<object>();
        _pool.MapAsync(ParseInt, ["1"], callback: callArgs.Add, errorCallback: callArgs.Add).Wait(Patience);
        callArgs.Should().ContainSingle().Which.Should().BeEquivalentTo(new List<int> { 1 }, "the callback gets the whole list");

        _pool.MapAsync(ParseInt, ["a"], callback: callArgs.Add, errorCallback: callArgs.Add).Wait(Patience);
        callArgs.Should().HaveCount(2);
        callArgs[1].Should().BeOfType<RemoteException>().Which.RemoteType.Should().Be(typeof(FormatException).FullName, "int('a') is ValueError; int.Parse(\"a\") is FormatException");
    }

    [Fact]
    public void test_map_unplicklable()
    {
        // A value that can't be copied fails the call at once, never hanging the pool.
        _pool.Invoking(p => p.Map((Stream s) => 1, [new MemoryStream()])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void test_map_chunksize() => _pool.MapAsync(Sqr, Array.Empty<int>(), chunkSize: 1).Get(Patience).Should().BeEmpty("map_async of an empty list with a chunk size must not stall");

    [Fact]
    public void test_map_handle_iterable_exception()
    {
        _pool.Invoking(p => p.Map(Sqr, ExceptionThrowingGenerator(1, -1), 1)).Should().Throw<SayWhenException>();
        _pool.Invoking(p => p.Map(Sqr, ExceptionThrowingGenerator(1, -1), 1)).Should().Throw<SayWhenException>("again: it is reentrant");
        _pool.Invoking(p => p.Map(Sqr, ExceptionThrowingGenerator(10, 3), 1)).Should().Throw<SayWhenException>();
    }

    [Fact]
    public void test_async()
    {
        AsyncResult<int> res = _pool.ApplyAsync(SqrSlow, 7, 100);

        res.Get(Patience).Should().Be(49);
    }

    [Fact]
    public void test_async_timeout()
    {
        AsyncResult<int> res = _pool.ApplyAsync(SqrSlow, 6, 3000);

        res.Invoking(r => r.Get(TimeSpan.FromMilliseconds(100))).Should().Throw<TimeoutException>("get(timeout) before the result raises TimeoutError");
        res.Get(Patience).Should().Be(36);
    }

    [Fact]
    public void test_imap()
    {
        _pool.IMap(Sqr, Enumerable.Range(0, 10)).Should().Equal(Enumerable.Range(0, 10).Select(Sqr));
        using var it = _pool.IMap(Sqr, Enumerable.Range(0, 10)).GetEnumerator();
        for (int i = 0; i < 10; i++)
        {
            it.MoveNext().Should().BeTrue();
            it.Current.Should().Be(i * i);
        }
        it.MoveNext().Should().BeFalse("StopIteration after the last");
        _pool.IMap(Sqr, Enumerable.Range(0, 1000), chunkSize: 100).Should().Equal(Enumerable.Range(0, 1000).Select(Sqr));
    }

    [Theory]
    [InlineData(10, 3, 1, 3)]
    [InlineData(20, 7, 2, 6)]
    [InlineData(20, 7, 3, 6)]
    public void test_imap_handle_iterable_exception(int total, int when, int chunkSize, int resultsFirst)
    {
        using var it = _pool.IMap(Sqr, ExceptionThrowingGenerator(total, when), chunkSize).GetEnumerator();

        for (int i = 0; i < resultsFirst; i++)
        {
            it.MoveNext().Should().BeTrue("the results of the whole chunks before the failing item come first");
            it.Current.Should().Be(i * i);
        }
        it.Invoking(e => e.MoveNext()).Should().Throw<SayWhenException>("then the iterable's own exception");
    }

    [Fact]
    public void test_imap_unordered()
    {
        _pool.IMapUnordered(Sqr, Enumerable.Range(0, 10)).Order().Should().Equal(Enumerable.Range(0, 10).Select(Sqr));
        _pool.IMapUnordered(Sqr, Enumerable.Range(0, 1000), chunkSize: 100).Order().Should().Equal(Enumerable.Range(0, 1000).Select(Sqr));
    }

    [Theory]
    [InlineData(10, 3, 1)]
    [InlineData(20, 7, 2)]
    public void test_imap_unordered_handle_iterable_exception(int total, int when, int chunkSize)
    {
        var expected = Enumerable.Range(0, total).Select(Sqr).ToList();
        var seen = new List<int>();

        var consume = () =>
        {
            foreach (int value in _pool.IMapUnordered(Sqr, ExceptionThrowingGenerator(total, when), chunkSize))
            {
                expected.Should().Contain(value);
                expected.Remove(value);
                seen.Add(value);
            }
        };

        consume.Should().Throw<SayWhenException>();
        seen.Should().HaveCount(when / chunkSize * chunkSize, "every result before the failing chunk comes before the exception");
    }

    [Fact]
    public void test_make_pool()
    {
        FluentActions.Invoking(() => Mp.Pool(-1)).Should().Throw<ArgumentOutOfRangeException>("Pool(-1) is ValueError");
        FluentActions.Invoking(() => Mp.Pool(0)).Should().Throw<ArgumentOutOfRangeException>("Pool(0) is ValueError");
        using var p = Mp.Pool(3);
        p.Processes.Should().Be(3);
        p.Close();
        p.Join();
    }

    [Fact]
    public void test_terminate()
    {
        using var p = Mp.Pool(2);
        var result = p.MapAsync(SqrSlow2, Enumerable.Range(0, 40), chunkSize: 1);
        p.Terminate();
        p.Join();

        result.Invoking(r => r.Get(Patience)).Should().Throw<OperationCanceledException>("the pool was terminated before the tasks finished");
    }

    private static int SqrSlow2(int x) => SqrSlow(x, 200);

    [Fact]
    public void test_empty_iterable()
    {
        using var p = Mp.Pool(1);
        p.Map(Sqr, Array.Empty<int>()).Should().BeEmpty();
        p.IMap(Sqr, Array.Empty<int>()).Should().BeEmpty();
        p.IMapUnordered(Sqr, Array.Empty<int>()).Should().BeEmpty();
        p.MapAsync(Sqr, Array.Empty<int>()).Get(Patience).Should().BeEmpty();
        p.Close();
        p.Join();
    }

    [Fact]
    public void test_context()
    {
        MpPool p;
        using (p = Mp.Pool(2))
        {
            p.Map(Sqr, [1, 2]).Should().Equal(1, 4);
        }
        p.Invoking(x => x.Map(Sqr, [1])).Should().Throw<InvalidOperationException>("a pool left by `with` is terminated");
    }

    [Fact]
    public void test_traceback()
    {
        var error = _pool.Invoking(p => p.Apply(RaiseValueError, 1)).Should().Throw<RemoteException>().Which;

        error.RemoteType.Should().Be(typeof(InvalidOperationException).FullName);
        error.Message.Should().Be("raised in the worker");
        error.RemoteStackTrace.Should().Contain(nameof(RaiseValueError), "the worker's traceback comes with the error");
    }

    [Fact]
    public void test_map_no_failfast()
    {
        using var p = Mp.Pool(2);
        p.Invoking(x => x.Map(FailOnThree, Enumerable.Range(0, 10), chunkSize: 1)).Should().Throw<RemoteException>();
        p.Close();
        p.Join();
    }

    private static int FailOnThree(int x) => x == 3 ? throw new InvalidOperationException("three") : x;

    [Fact]
    public void test_async_error_callback()
    {
        var scratchpad = new ConcurrentBag<Exception>();
        AsyncResult<int> res = _pool.ApplyAsync(RaiseValueError, 1, errorCallback: scratchpad.Add);

        res.Invoking(r => r.Get(Patience)).Should().Throw<RemoteException>();
        scratchpad.Should().ContainSingle().Which.Should().BeOfType<RemoteException>().Which.RemoteType.Should().Be(typeof(InvalidOperationException).FullName);
    }

    [Fact]
    public void test_apply_async_callback_runs_before_the_result_is_ready()
    {
        var seen = new List<int>();
        AsyncResult<int> res = _pool.ApplyAsync(Sqr, 9, callback: seen.Add);

        res.Get(Patience).Should().Be(81);
        seen.Should().Equal(new[] { 81 }, "the callback has run by the time get() returns");
    }

    [Fact]
    public void test_unpickleable_result()
    {
        var scratchpad = new ConcurrentBag<Exception>();
        AsyncResult<Stream> res = _pool.ApplyAsync(UnpickleableResult, 1, errorCallback: scratchpad.Add);

        res.Invoking(r => r.Get(Patience)).Should().Throw<RemoteException>("a result that can't be copied back is the task's error, and the pool goes on");
        scratchpad.Should().ContainSingle();
        _pool.Apply(Sqr, 3).Should().Be(9);
    }

    [Fact]
    public void test_pool_worker_lifetime()
    {
        using var p = Mp.Pool(3, maxTasksPerChild: 10);
        p.Processes.Should().Be(3);
        var pids = p.Map(Pid, Enumerable.Range(0, 100), chunkSize: 1);

        pids.Distinct().Count().Should().BeGreaterThan(3, "workers retire after ten tasks and are replaced");
        p.Close();
        p.Join();
    }

    [Fact]
    public void test_pool_worker_lifetime_early_close()
    {
        using var p = Mp.Pool(1, maxTasksPerChild: 1);
        var results = Enumerable.Range(0, 6).Select(i => p.ApplyAsync(SqrSlow, i, 10)).ToList();
        p.Close();
        p.Join();

        results.Select(r => r.Get(Patience)).Should().Equal(new[] { 0, 1, 4, 9, 16, 25 }, "close() lets the queued tasks finish on replacement workers");
    }

    [Fact]
    public void test_pool_maxtasksperchild_invalid()
    {
        foreach (int value in new[] { 0, -1 })
        {
            FluentActions.Invoking(() => Mp.Pool(3, maxTasksPerChild: value)).Should().Throw<ArgumentOutOfRangeException>();
        }
    }

    [Fact]
    public void TestInitializers_test_pool_initializer()
    {
        using var ns = Mp.Value(0);
        using var p = Mp.Pool(1, Initializer, ns);
        p.Apply(Sqr, 2).Should().Be(4, "the initializer ran before the first task");
        p.Close();
        p.Join();

        ns.Value.Should().Be(1, "the one worker ran the initializer once");
    }

    [Fact]
    public void A_pool_whose_initializer_always_fails_fails_its_tasks_with_the_reason_rather_than_hanging()
    {
        // Deliberate difference: CPython restarts such workers for ever and its tasks wait for ever.
        using var p = Mp.Pool(1, FailingInitializer);

        // The task fails at Get, or at the call once the pool knows it is broken: the same error either way.
        FluentActions.Invoking(() => p.ApplyAsync(Sqr, 2).Get(Patience)).Should().Throw<InvalidOperationException>().WithMessage("*the initializer failed*");
    }
}
