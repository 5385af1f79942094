using static Harness.Tests.Conformance.ConformanceJobs;

namespace Harness.Tests.Conformance;

/// <summary>
/// CPython's <c>_TestQueue</c> and <c>TestSimpleQueue</c>, case by case under their names.
/// Deliberate differences: Python's Full and Empty are TimeoutException from Put/Get with a
/// timeout and false from TryPut/TryGet (put_nowait/get_nowait); "Queue is closed" (ValueError)
/// is InvalidOperationException; CPython's timing assertions are left out.
/// </summary>
public sealed class QueueConformanceTests
{
    private static MpProcess Quiet(MpProcess p)
    {
        p.OutputWriter = TextWriter.Null;
        p.Daemon = true;
        return p;
    }

    [Fact]
    public void test_put()
    {
        const int maxSize = 6;
        using var queue = Mp.Queue<int>(maxSize);
        using var childCanStart = Mp.Event();
        using var parentCanContinue = Mp.Event();
        using var proc = Quiet(Mp.Process(EmptyQueue, queue, childCanStart, parentCanContinue, maxSize));
        proc.Start();

        queue.IsEmpty.Should().BeTrue();
        queue.Count.Should().NotBe(maxSize, "not full");
        for (int i = 1; i <= 3; i++)
        {
            queue.Put(i);
        }
        queue.Put(4, TimeSpan.FromSeconds(5));
        queue.TryPut(5).Should().BeTrue();
        queue.TryPut(6).Should().BeTrue();

        queue.IsEmpty.Should().BeFalse();
        queue.Count.Should().Be(maxSize, "full");
        queue.TryPut(7).Should().BeFalse("put_nowait on a full queue raises Full");
        queue.Invoking(q => q.Put(7, TimeSpan.FromMilliseconds(100))).Should().Throw<TimeoutException>("put with a timeout on a full queue raises Full");

        childCanStart.Set();
        parentCanContinue.Wait(Patience).Should().BeTrue();
        queue.IsEmpty.Should().BeTrue();
        proc.JoinOk();
    }

    [Fact]
    public void test_get()
    {
        using var queue = Mp.Queue<int>();
        using var childCanStart = Mp.Event();
        using var parentCanContinue = Mp.Event();
        using var proc = Quiet(Mp.Process(PutTwoToFive, queue, childCanStart, parentCanContinue));
        proc.Start();

        queue.IsEmpty.Should().BeTrue();
        childCanStart.Set();
        parentCanContinue.Wait(Patience).Should().BeTrue();
        queue.IsEmpty.Should().BeFalse();

        queue.Get().Should().Be(2);
        queue.Get(Patience).Should().Be(3);
        queue.TryGet(out int four).Should().BeTrue();
        four.Should().Be(4);
        queue.TryGet(out int five).Should().BeTrue();
        five.Should().Be(5);

        queue.IsEmpty.Should().BeTrue();
        queue.TryGet(out _).Should().BeFalse("get_nowait on an empty queue raises Empty");
        queue.Invoking(q => q.Get(TimeSpan.FromMilliseconds(100))).Should().Throw<TimeoutException>("get with a timeout on an empty queue raises Empty");
        proc.JoinOk();
    }

    [Fact]
    public void test_fork()
    {
        // Items put by a child are there for the parent once the child has ended.
        using var queue = Mp.Queue<int>();
        for (int i = 0; i < 10; i++)
        {
            queue.Put(i);
        }
        using var p = Quiet(Mp.Process(PutOnQueue, queue, 10));
        p.Start();
        p.JoinOk();

        Enumerable.Range(0, 11).Select(_ => queue.Get(Patience)).Should().Equal(Enumerable.Range(0, 11));
        queue.TryGet(out _).Should().BeFalse();
    }

    [Fact]
    public void test_qsize()
    {
        using var q = Mp.Queue<int>();
        q.Count.Should().Be(0);
        q.Put(1);
        q.Count.Should().Be(1);
        q.Put(5);
        q.Count.Should().Be(2);
        q.Get();
        q.Count.Should().Be(1);
        q.Get();
        q.Count.Should().Be(0);
    }

    [Fact]
    public void test_task_done()
    {
        using var queue = Mp.JoinableQueue<int>();
        var workers = Enumerable.Range(0, 4).Select(_ => Quiet(Mp.Process(TaskDoneWorker, queue))).ToList();
        try
        {
            workers.ForEach(w => w.Start());
            for (int i = 0; i < 10; i++)
            {
                queue.Put(i);
            }

            queue.Join(Patience).Should().BeTrue("every item is marked done");
            workers.ForEach(_ => queue.Put(-1));
            workers.ForEach(w => w.JoinOk());
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public void test_task_done_called_too_often_raises()
    {
        using var queue = Mp.JoinableQueue<int>();

        queue.Invoking(q => q.TaskDone()).Should().Throw<InvalidOperationException>("task_done() called too many times is ValueError");
    }

    [Fact]
    public void test_timeout()
    {
        using var q = Mp.Queue<int>();

        q.Invoking(x => x.Get(TimeSpan.FromMilliseconds(200))).Should().Throw<TimeoutException>("get(True, 0.2) on an empty queue raises Empty");
    }

    [Fact]
    public void test_closed_queue_put_get_exceptions()
    {
        foreach (MpQueue<int> q in new[] { Mp.Queue<int>(), Mp.JoinableQueue<int>() })
        {
            using (q)
            {
                q.Put(1);
                q.Close();

                q.Invoking(x => x.Put(2)).Should().Throw<InvalidOperationException>().WithMessage("*closed*");
                q.Invoking(x => x.Get()).Should().Throw<InvalidOperationException>("get on a closed queue raises at once, never waits").WithMessage("*closed*");
                q.Invoking(x => x.Get(TimeSpan.FromMinutes(5))).Should().Throw<InvalidOperationException>();
                q.Invoking(x => x.TryGet(out _)).Should().Throw<InvalidOperationException>();
            }
        }
    }

    [Fact]
    public void TestSimpleQueue_test_empty()
    {
        using var queue = Mp.SimpleQueue<int>();
        queue.IsEmpty.Should().BeTrue();
        using var p = Quiet(Mp.Process(PutOnSimpleQueue, queue, 5));
        p.Start();
        p.JoinOk();

        queue.IsEmpty.Should().BeFalse("the child's item is there");
        queue.Get(Patience).Should().Be(5);
        queue.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void TestSimpleQueue_test_close_and_test_closed()
    {
        using var queue = Mp.SimpleQueue<int>();
        queue.Put(1);
        queue.Close();
        queue.Invoking(q => q.Close()).Should().NotThrow("closing twice is fine");

        queue.Invoking(q => q.Get()).Should().Throw<InvalidOperationException>();
        queue.Invoking(q => q.Put(2)).Should().Throw<InvalidOperationException>();
        queue.Invoking(q => _ = q.IsEmpty).Should().Throw<InvalidOperationException>();
    }
}
