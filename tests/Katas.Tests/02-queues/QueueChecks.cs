using FsCheck;
using FsCheck.Fluent;
using Katas.Queues;

namespace Katas.Tests.Queues;

/// <summary>
/// The checks of kata 02, each taking the learner's methods as delegates so that the wrong
/// solutions in <see cref="WrongSolutions"/> can be put through the very same check.
/// </summary>
internal static class QueueChecks
{
    private const string GetBeforeStart =
        "Most likely it waits on the queue for an item that no process will put: Get blocks until an item arrives, so start " +
        "the worker processes before you Get, and get one item per worker. (A Join before the Get is fine here; so is a Get before the Join.)";

    public static void SeedSum(Func<long, long, long> seedSum)
    {
        long course = LearnerCall.Run(() => seedSum(0, 1000), "SeedSum(0, 1000)");
        Expect.That(course == 249833583000, () => $"the course's job over range(1000) gives 249833583000, but SeedSum(0, 1000) returned {course}.");
        SeedSumOnce(seedSum, 0, 20_000);
        Properties.ForAll(Gen.Choose(0, 20_000).ToArbitrary(), Gen.Choose(0, 20_000).ToArbitrary(), 40, (a, b) => SeedSumOnce(seedSum, a, b), shrink: true);
    }

    private static void SeedSumOnce(Func<long, long, long> seedSum, int a, int b)
    {
        (long from, long to) = (Math.Min(a, b), Math.Max(a, b));
        long actual = LearnerCall.Run(() => seedSum(from, to), $"SeedSum({from}, {to})");
        long expected = Serial(to) - Serial(from);
        Expect.That(actual == expected, () =>
            $"SeedSum({from}, {to}) should add i + i*i + i*i*i for {from} ≤ i < {to}, which is {expected}, but it returned {actual}. " +
            "Compute in long: with an int i, i*i*i overflows once i reaches 1291.");
    }

    public static void JobPutsItsSumFromAChild(Action<MpQueue<long>> job)
    {
        using var q = Mp.Queue<long>();
        using MpProcess p = RunChild(Mp.Process(job, q));
        Expect.That(p.ExitCode == 0, () => $"Job should run without throwing in the child; {Show(p)}.");
        Expect.That(q.TryGet(out long item), "Job should put its sum on the queue it is given, but the queue stayed empty.");
        Expect.That(item == 249833583000, () => $"Job puts SeedSum(0, 1000), 249833583000, on the queue, but it put {item}.");
        Expect.That(q.IsEmpty, "Job should put exactly one item, its sum; it put more than one.");
    }

    public static void PartialSumPutsTheSumOfItsRange(Action<MpQueue<long>, long, long> partialSum)
    {
        using var q = Mp.Queue<long>();
        using MpProcess p = RunChild(Mp.Process(partialSum, q, 10L, 20L));
        Expect.That(p.ExitCode == 0, () => $"PartialSum should run without throwing in the child; {Show(p)}.");
        long expected = Serial(20) - Serial(10);
        Expect.That(q.TryGet(out long item) && item == expected, () =>
            $"PartialSum(q, 10, 20) should put SeedSum(10, 20), {expected}, on the queue, but the queue held {(q.IsEmpty && item == 0 ? "nothing" : item)}.");
        Expect.That(q.IsEmpty, "PartialSum should put exactly one item; it put more than one.");
    }

    public static void TheCourseProgram(Func<long> courseProgram)
    {
        var run = LearnerCall.Finish(courseProgram, "CourseProgram()", GetBeforeStart);
        Expect.That(run.Result == 499667166000, () =>
            $"two processes each put 249833583000 on the queue and the parent adds what it gets: 499667166000, but CourseProgram() returned {run.Result}.");
        Expect.That(run.Started == 2, () => $"the course starts two processes, p1 and p2, that run Job, but CourseProgram() started {run.Started}.");
        Expect.That(run.Taken == 2, () =>
            $"the parent should get both results from the queue (q.get() + q.get()), but CourseProgram() took {run.Taken} item(s): " +
            "each child's result counts, even when they happen to be equal.");
        Expect.That(run.StartedAllBeforeJoiningAny,
            "CourseProgram() joined p1 before starting p2 (the last Start came after the first Join), so the two ran one after the other: start both, then join both.");
        run.ExpectEveryProcessJoined("CourseProgram()");
    }

    public static void SumWithWorkers(Func<long, int, long> sumWithWorkers, TimeSpan? deadline = null)
    {
        SumWithWorkersOnce(sumWithWorkers, 1000, 3, deadline);
        Properties.ForAll(Gen.Choose(0, 20_000).ToArbitrary(), Gen.Choose(1, 4).ToArbitrary(), 5,
            (n, workers) => SumWithWorkersOnce(sumWithWorkers, n, workers, deadline));
    }

    private static void SumWithWorkersOnce(Func<long, int, long> sumWithWorkers, int n, int workers, TimeSpan? deadline)
    {
        var run = LearnerCall.Finish(() => sumWithWorkers(n, workers), $"SumWithWorkers({n}, {workers})", GetBeforeStart, deadline);
        Expect.That(run.Result == Serial(n), () =>
            $"the partial sums of {workers} ranges add up to the sum over [0, {n}), {Serial(n)}, but SumWithWorkers({n}, {workers}) returned {run.Result}.");
        Expect.That(run.Started == workers, () =>
            $"each of the {workers} ranges is summed in a process of its own, but SumWithWorkers({n}, {workers}) started {run.Started}.");
        run.ExpectEveryProcessJoined($"SumWithWorkers({n}, {workers})");
        var ranges = new List<(long From, long To)>();
        foreach (MpProcess p in run.Processes)
        {
            Expect.That(p.TargetName == "QueueKata.PartialSum" && p.Arguments is [MpQueue<long>, long, long], () =>
                $"each worker should run PartialSum(q, from, to), which computes its range's sum in the child, but {p.Name} ran " +
                $"{p.TargetName}: when the parent computes the sums, the workers only carry them and nothing runs in parallel.");
            ranges.Add(((long)p.Arguments[1]!, (long)p.Arguments[2]!));
        }
        long next = 0;
        foreach (var (from, to) in ranges.OrderBy(r => r.From))
        {
            Expect.That(from == next && to >= from, () =>
                $"the workers' ranges should cover [0, {n}) once, end to end, but they were {string.Join(", ", ranges.Select(r => $"[{r.From}, {r.To})"))}.");
            next = to;
        }
        Expect.That(next == n, () => $"the workers' ranges should end at {n}, but the last one ends at {next}.");
        Expect.That(run.StartedAllBeforeJoiningAny,
            "SumWithWorkers joined a worker before it had started them all (the last Start came after the first Join), so they ran one after the other: start every worker first.");
        Expect.That(run.Taken == workers, () =>
            $"the parent should get one result per worker from the queue, {workers} in all, but SumWithWorkers took {run.Taken}.");
    }

    public static void ProducerPutsEveryItemThenTheSentinel(Action<MpQueue<int>, int> producer)
    {
        using var items = Mp.Queue<int>();
        using MpProcess p = RunChild(Mp.Process(producer, items, 20));
        Expect.That(p.ExitCode == 0, () => $"Producer should run without throwing in the child; {Show(p)}.");
        var put = new List<int>();
        while (items.TryGet(out int item))
        {
            put.Add(item);
        }
        int[] expected = [.. Enumerable.Range(1, 20), QueueKata.Stop];
        Expect.That(put.SequenceEqual(expected), () =>
            $"Producer(items, 20) should put 1, 2, ..., 20 and then the Stop sentinel ({QueueKata.Stop}) last, so the consumer knows when to stop, " +
            $"but it put {Expect.Show(put)}.");
    }

    public static void ConsumerWaitsForTheSentinelAndStopsThere(Action<MpQueue<int>, MpQueue<long>> consumer)
    {
        using var items = Mp.Queue<int>();
        using var result = Mp.Queue<long>();
        using MpProcess p = Mp.Process(consumer, items, result);
        p.OutputWriter = TextWriter.Null;
        p.Start();
        try
        {
            // Nothing is on the queue yet: a consumer must wait in Get. One that stops as soon as the
            // queue is empty ends here instead. (A consumer that polls is not caught waiting; after the
            // deadline the check goes on with it.)
            WaitUntil(() => items.Core.GettersWaiting > 0 || !p.IsAlive, LearnerCall.Deadline);
            Expect.That(p.IsAlive, () =>
                "Consumer ended before any item arrived: an empty queue doesn't mean the producer is done. Loop on Get, which waits, until you get the Stop sentinel. " +
                $"({Show(p)})");
            for (int i = 1; i <= 10; i++)
            {
                items.Put(i);
            }
            items.Put(QueueKata.Stop);
            int[] after = [100, 101, 102];
            foreach (int item in after)
            {
                items.Put(item);
            }
            Expect.That(p.Join(LearnerCall.Deadline),
                "Consumer got 1..10 and then the Stop sentinel but did not end: it should stop at the sentinel and put its sum.");
            Expect.That(p.ExitCode == 0, () => $"Consumer should run without throwing in the child; {Show(p)}.");
            var sums = new List<long>();
            while (result.TryGet(out long sum))
            {
                sums.Add(sum);
            }
            Expect.That(sums.Count == 1, () =>
                $"Consumer should put one result, the sum, once it sees the sentinel, but it put {sums.Count}: {Expect.Show(sums)}.");
            Expect.That(sums[0] == 55, () =>
                $"Consumer got 1..10 and then the sentinel: the sum is 55, without the sentinel, but it put {sums[0]}" +
                (sums[0] == 55 + QueueKata.Stop ? $" (it added the sentinel, {QueueKata.Stop})." : "."));
            var left = new List<int>();
            while (items.TryGet(out int item))
            {
                left.Add(item);
            }
            Expect.That(left.SequenceEqual(after), () =>
                $"Consumer should stop at the sentinel and take nothing after it, so 100, 101, 102 (put after the sentinel) stay on the queue, but {Expect.Show(left)} stayed.");
        }
        finally
        {
            if (p.IsAlive)
            {
                p.Kill();
            }
        }
    }

    public static void ProducerConsumer(Func<int, long> producerConsumer) =>
        Properties.ForAll(Gen.Choose(0, 20_000).ToArbitrary(), 4, count =>
        {
            var run = LearnerCall.Finish(() => producerConsumer(count), $"ProducerConsumer({count})",
                "Most likely the consumer waits for the Stop sentinel (did the producer put it last?), or the parent waits on the result queue before starting the consumer.");
            Expect.That(run.Result == (long)count * (count + 1) / 2, () =>
                $"the consumer takes 1..{count} and stops at the sentinel, which it doesn't add: {(long)count * (count + 1) / 2}, but ProducerConsumer({count}) returned {run.Result}.");
            Expect.That(run.Started == 2, () => $"ProducerConsumer should start two processes, a producer and a consumer, but it started {run.Started}.");
            var byTarget = run.Processes.ToDictionary(p => p.TargetName);
            Expect.That(byTarget.ContainsKey("QueueKata.Producer") && byTarget.ContainsKey("QueueKata.Consumer"), () =>
                $"one process should run Producer and the other Consumer, but they ran {string.Join(" and ", byTarget.Keys)}.");
            Expect.That(SameQueue(byTarget["QueueKata.Producer"].Arguments[0], byTarget["QueueKata.Consumer"].Arguments[0]),
                "the producer and the consumer should share one items queue: the consumer can only take what the producer put on its own queue.");
            Expect.That(run.StartedAllBeforeJoiningAny,
                "ProducerConsumer joined one process before starting the other (the last Start came after the first Join): the producer and the consumer " +
                "should run at the same time, the consumer taking items while the producer still puts them. Start both, then wait.");
            run.ExpectEveryProcessJoined($"ProducerConsumer({count})");
        });

    private static bool SameQueue(object? a, object? b) => a is MpQueue<int> x && b is MpQueue<int> y && x.Core.Name == y.Core.Name;

    /// <summary>Σ i + i² + i³ for 0 ≤ i &lt; n, from the closed forms.</summary>
    public static long Serial(long n)
    {
        long m = n - 1;
        long s1 = m * (m + 1) / 2;
        return s1 + (m * (m + 1) * ((2 * m) + 1) / 6) + (s1 * s1);
    }

    private static MpProcess RunChild(MpProcess p)
    {
        p.OutputWriter = TextWriter.Null;
        p.Start();
        if (!p.Join(LearnerCall.Deadline))
        {
            p.Kill();
            Expect.Fail($"{p.TargetName} did not end within {LearnerCall.Deadline.TotalSeconds:F0} s in its child process: does it wait on a queue nobody puts to?");
        }
        return p;
    }

    private static void WaitUntil(Func<bool> condition, TimeSpan deadline)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < deadline)
        {
            Thread.Sleep(5);
        }
    }

    private static string Show(MpProcess p) => Processes.ProcessChecks.Show(p);
}
