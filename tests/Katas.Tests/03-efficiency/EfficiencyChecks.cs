using System.Collections.Concurrent;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Katas.Efficiency;

namespace Katas.Tests.Efficiency;

/// <summary>The three variants' shape: run the job twice, somehow, and add what it put.</summary>
internal delegate Int128 Variant(Action<MpQueue<string>, long> job, long n);

/// <summary>
/// The checks of kata 03, each taking the learner's methods as delegates so that the wrong
/// solutions in <see cref="WrongSolutions"/> can be put through the very same check.
/// </summary>
internal static class EfficiencyChecks
{
    /// <summary>The course's figure: normal, multithread and multicore all print it for range(10_000_000).</summary>
    public static readonly Int128 CourseFigure = Int128.Parse("4999999666666716666660000000", CultureInfo.InvariantCulture);

    /// <summary>How long a job waits for the other one to arrive: generous for the learner, short for a fixture that can never meet.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private const string Hang = "Most likely it waits on the queue for an item that no job put: start both workers before you Get, and get exactly two items.";

    public static void SumAddsTheSeries(Func<long, Int128> sum)
    {
        foreach (var (n, expected) in new (long, Int128)[] { (0, 0), (4, 0 + 3 + 14 + 39), (1000, 249833583000) })
        {
            Int128 actual = LearnerCall.Run(() => sum(n), $"Sum({n})");
            Expect.That(actual == expected, () => $"Sum({n}) should add i + i² + i³ for 0 ≤ i < {n}, which is {expected}, but it returned {actual}.");
        }
    }

    public static void SumOfTheCourseRangeDoesNotOverflow(Func<long, Int128> sum)
    {
        Int128 twice = LearnerCall.Run(() => sum(EfficiencyKata.CourseN), "Sum(10_000_000)") * 2;
        Expect.That(twice == CourseFigure, () =>
            $"the course prints 4999999666666716666660000000 for the work done twice, but twice Sum(10_000_000) is {twice}. That figure is far past " +
            "long.MaxValue (9223372036854775807): a long total wraps around silently, and so does i*i*i in long once i reaches 2097152. " +
            "Widen i to Int128 before you multiply, and add in Int128.");
    }

    public static void ClosedFormGivesTheCourseFigure(Func<long, Int128> closedForm)
    {
        Int128 twice = LearnerCall.Run(() => closedForm(EfficiencyKata.CourseN), "ClosedForm(10_000_000)") * 2;
        Expect.That(twice == CourseFigure, () =>
            $"n(n-1)/2 + (n-1)n(2n-1)/6 + (n(n-1)/2)² for n = 10,000,000, twice, is the course's figure, but twice ClosedForm(10_000_000) is {twice}; " +
            "(n(n-1)/2)² alone is about 2.5e27, so every step must be in Int128.");
    }

    public static void ClosedFormEqualsSum(Func<long, Int128> closedForm, Func<long, Int128> sum) =>
        Properties.ForAll(Sizes(), 30, n =>
        {
            Int128 formula = LearnerCall.Run(() => closedForm(n), $"ClosedForm({n})");
            Expect.That(formula == Expected(n), () => $"ClosedForm({n}) should be {Expected(n)}, but it returned {formula}.");
            Int128 loop = LearnerCall.Run(() => sum(n), $"Sum({n})");
            Expect.That(loop == formula, () => $"the loop and the formula count the same thing, but for n = {n} Sum gave {loop} and ClosedForm {formula}.");
        }, shrink: true);

    public static void ANegativeNIsRefused(Func<long, Int128> sum, Func<long, Int128> closedForm)
    {
        foreach (var (name, call) in new[] { ("Sum", sum), ("ClosedForm", closedForm) })
        {
            Exception? e = Record.Exception(() => call(-1));
            Expect.That(e is not NotImplementedException, () => LearnerCall.Explain(e!, $"{name}(-1)").Message);
            Expect.That(e is ArgumentOutOfRangeException, () =>
                $"{name}(-1) should throw ArgumentOutOfRangeException (range(-1) makes no sense here), but it {(e is null ? "returned" : $"threw {e.GetType().Name}")}.");
        }
    }

    public static void JobPutsItsSumAsTextFromAChild(Action<MpQueue<string>, long> job)
    {
        using var q = Mp.Queue<string>();
        using var p = Mp.Process(job, q, 1000L);
        p.OutputWriter = TextWriter.Null;
        p.Start();
        Expect.That(p.Join(LearnerCall.Deadline), "Job(q, 1000) did not end in its child process.");
        Expect.That(p.ExitCode == 0, () => $"Job should run without throwing in the child; {Processes.ProcessChecks.Show(p)}.");
        Expect.That(q.TryGet(out string? item) && item == "249833583000", () =>
            $"Job puts Sum(n).ToString(CultureInfo.InvariantCulture) on the queue (Int128 itself can't be copied through a queue): for n = 1000, \"249833583000\", but it put {Expect.Show(item)}.");
        Expect.That(q.IsEmpty, "Job should put exactly one item, its sum; it put more than one.");
    }

    public static void NormalRunsTheJobTwiceOneAfterTheOther(Variant normal)
    {
        RequireJob();
        Marker.Reset();
        var run = LearnerCall.Finish(() => normal(Marker.Job, 1000), "Normal(job, 1000)", Hang);
        Expect.That(Marker.Calls.Count == 2, () =>
            $"normal() runs the job twice, one after the other, but Normal ran the job it was given {Marker.Calls.Count} time(s): call job(q, n) twice, and don't compute the answer another way.");
        Expect.That(Marker.Calls.All(c => c.Thread == Marker.Calls[0].Thread) && Marker.Calls[1].Start > Marker.Calls[0].End,
            "Normal should run the two jobs on its own thread, the second after the first has returned: that is the serial time the others are compared with.");
        Expect.That(run.Result == Marker.Total, () =>
            $"Normal should return the sum of the two items the jobs put on the queue, {Marker.Total} here, but it returned {run.Result}: read the queue, don't recompute.");
        Properties.ForAll(Sizes(), 8, n =>
        {
            Int128 total = LearnerCall.Finish(() => normal(EfficiencyKata.Job, n), $"Normal(Job, {n})", Hang).Result;
            Expect.That(total == 2 * Expected(n), () => $"the job done twice for n = {n} is twice the closed form, {2 * Expected(n)}, but Normal returned {total}.");
        });
    }

    public static void MultiThreadGivesTheSerialResult(Variant multiThread) =>
        Properties.ForAll(Sizes(), 8, n =>
        {
            RequireJob();
            Int128 total = LearnerCall.Finish(() => multiThread(EfficiencyKata.Job, n), $"MultiThread(Job, {n})", Hang).Result;
            Expect.That(total == 2 * Expected(n), () =>
                $"two threads doing the job once each do the same work as normal(): twice the closed form, {2 * Expected(n)}, for n = {n}, but MultiThread returned {total}.");
        });

    public static void MultiCoreGivesTheSerialResult(Variant multiCore)
    {
        RequireJob();
        var course = LearnerCall.Finish(() => multiCore(EfficiencyKata.Job, EfficiencyKata.CourseN), "MultiCore(Job, CourseN)", Hang);
        Expect.That(course.Result == CourseFigure, () =>
            $"each process puts the sum for range(10_000_000) as text and the parent parses and adds them: 4999999666666716666660000000, but MultiCore returned {course.Result}.");
        course.ExpectEveryProcessJoined("MultiCore(Job, CourseN)");
        Properties.ForAll(Sizes(), 4, n =>
        {
            var run = LearnerCall.Finish(() => multiCore(EfficiencyKata.Job, n), $"MultiCore(Job, {n})", Hang);
            Expect.That(run.Result == 2 * Expected(n), () =>
                $"two processes doing the job once each do the same work as normal(): twice the closed form, {2 * Expected(n)}, for n = {n}, but MultiCore returned {run.Result}.");
            Expect.That(run.Started == 2, () => $"multicore() starts two processes, p1 and p2, that run the job, but MultiCore started {run.Started}.");
            run.ExpectEveryProcessJoined($"MultiCore(Job, {n})");
        });
    }

    public static void MultiThreadRunsBothJobsAtOnce(Variant multiThread, TimeSpan patience)
    {
        RequireJob();
        ThreadMeeting.Reset(patience);
        var run = LearnerCall.Finish(() => multiThread(ThreadMeeting.Job, 1000), "MultiThread(job, 1000)", Hang);
        var threads = ThreadMeeting.Threads.ToArray();
        Expect.That(threads.Length == 2, () => $"MultiThread should run the job it is given exactly twice, like t1 and t2 in the course, but it ran it {threads.Length} time(s).");
        Expect.That(threads.Distinct().Count() == 2, "each job should run on a thread of its own, but both ran on the same thread.");
        Expect.That(ThreadMeeting.MetAlone == 0, () =>
            "both jobs should be running at the same time: start both threads, then join both. A job that ran alone waited " +
            $"{patience.TotalSeconds:F0} s for the other, which never came: the jobs ran one after the other " +
            "(joined right after starting, or called directly instead of on a thread).");
        long expected = threads.Sum(t => (long)t);
        Expect.That(run.Result == expected, () =>
            $"MultiThread should return the sum of the two items the jobs put on the queue ({expected} here, for this test's job), but it returned {run.Result}: read both items, don't recompute.");
    }

    public static async Task MultiCoreRunsBothJobsAtOnce(Variant multiCore, TimeSpan patience)
    {
        RequireJob();
        using MpBarrier meeting = Mp.Barrier(3); // the two jobs and this test
        Environment.SetEnvironmentVariable(ProcessMeeting.Variable, $"{meeting.Name};{patience.TotalMilliseconds}");
        try
        {
            var call = LearnerCall.Start(() => multiCore(ProcessMeeting.Job, 1000));
            var met = Task.Run(() =>
            {
                try
                {
                    meeting.Wait(patience);
                    return true;
                }
                catch (BrokenBarrierException)
                {
                    return false;
                }
                catch (TimeoutException)
                {
                    return false;
                }
            });
            await Task.WhenAny(call, met).WaitAsync(LearnerCall.Deadline);
            if (call.IsFaulted && !met.IsCompleted)
            {
                meeting.Abort(); // nobody will come: free the waiting task before the barrier goes
            }
            bool together = await met.WaitAsync(LearnerCall.Deadline);
            if (!call.Wait(LearnerCall.Deadline))
            {
                Expect.Fail($"MultiCore(job, 1000) did not finish within {LearnerCall.Deadline.TotalSeconds:F0} s. {Hang}");
            }
            if (call.IsFaulted)
            {
                throw LearnerCall.Explain(call.Exception!.InnerException!, "MultiCore(job, 1000)");
            }
            var run = call.Result;
            Expect.That(run.Started == 2, () => $"multicore() starts two processes, p1 and p2, that run the job, but MultiCore started {run.Started}.");
            Expect.That(together, () =>
                "both processes should be running the job at the same time: start p1 and p2, then join both. Within " +
                $"{patience.TotalSeconds:F0} s, fewer than two jobs arrived at the meeting point: either they ran one after " +
                "the other (p1 joined before p2 started), or MultiCore did not run the job it was given.");
            long expected = run.Processes.Sum(p => (long)(p.Pid ?? 0));
            Expect.That(run.Result == expected, () =>
                $"MultiCore should return the sum of the two items the jobs put on the queue ({expected} here, for this test's job), but it returned {run.Result}: read both items, don't recompute.");
        }
        finally
        {
            Environment.SetEnvironmentVariable(ProcessMeeting.Variable, null);
        }
    }

    /// <summary>The closed form, computed here independently of the learner's.</summary>
    public static Int128 Expected(long n)
    {
        Int128 m = n;
        Int128 s1 = m * (m - 1) / 2;
        return s1 + ((m - 1) * m * ((2 * m) - 1) / 6) + (s1 * s1);
    }

    /// <summary>
    /// The variants run the job on threads, where an exception would end the whole test run: make
    /// sure Job works here first, so a stub fails one test with a message instead.
    /// </summary>
    private static void RequireJob()
    {
        using var q = Mp.Queue<string>();
        try
        {
            EfficiencyKata.Job(q, 10);
        }
        catch (NotImplementedException e)
        {
            throw new KataFailure("Finish Sum and Job first: Normal, MultiThread and MultiCore run Job, here, on threads and in processes.", e.ToString());
        }
        Expect.That(q.TryGet(out string? item) && item == "2355", () => $"Job(q, 10) should put Sum(10), 45 + 285 + 2025 = 2355, as text, but it put {Expect.Show(item)}.");
    }

    // Up to 3 million: past 2,097,152, where i*i*i no longer fits in a long.
    private static Arbitrary<int> Sizes() =>
        Gen.Frequency((1, Gen.Choose(0, 3)), (3, Gen.Choose(0, 20_000)), (1, Gen.Choose(2_097_000, 3_000_000))).ToArbitrary();
}

/// <summary>A job for Normal that notes each call (thread and order) and puts a number of its own, different each call.</summary>
internal static class Marker
{
    private static long s_clock;

    public static List<(int Thread, long Start, long End, long Put)> Calls { get; } = [];

    public static long Total => Calls.Sum(c => c.Put);

    public static void Reset()
    {
        lock (Calls)
        {
            Calls.Clear();
        }
    }

    public static void Job(MpQueue<string> q, long n)
    {
        long start = Interlocked.Increment(ref s_clock);
        long put;
        lock (Calls)
        {
            put = (1000 * (Calls.Count + 1)) + n;
        }
        q.Put(put.ToString(CultureInfo.InvariantCulture));
        lock (Calls)
        {
            Calls.Add((Environment.CurrentManagedThreadId, start, Interlocked.Increment(ref s_clock), put));
        }
    }
}

/// <summary>A job for MultiThread that notes its thread, waits for the other job to be running too, and puts its thread id.</summary>
internal static class ThreadMeeting
{
    private static CountdownEvent s_arrived = new(2);
    private static TimeSpan s_patience;

    public static ConcurrentQueue<int> Threads { get; private set; } = new();

    public static int MetAlone;

    public static void Reset(TimeSpan patience)
    {
        s_arrived = new CountdownEvent(2);
        s_patience = patience;
        Threads = new ConcurrentQueue<int>();
        MetAlone = 0;
    }

    public static void Job(MpQueue<string> q, long n)
    {
        Threads.Enqueue(Environment.CurrentManagedThreadId);
        CountdownEvent arrived = s_arrived;
        try
        {
            arrived.Signal();
        }
        catch (InvalidOperationException)
        {
            // A third call: the count check reports it.
        }
        if (!arrived.Wait(s_patience))
        {
            Interlocked.Increment(ref MetAlone);
        }
        q.Put(Environment.CurrentManagedThreadId.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>A job for MultiCore that, in its child process, waits at the test's barrier for the other job and the test, then puts its pid.</summary>
internal static class ProcessMeeting
{
    public const string Variable = "KATAS_EFFICIENCY_MEETING";

    public static void Job(MpQueue<string> q, long n)
    {
        // The barrier's name and the patience come through the environment, which a child inherits from the test.
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } setting && setting.Split(';') is [string name, string ms])
        {
            using MpBarrier meeting = MpBarrier.Open(name);
            try
            {
                meeting.Wait(TimeSpan.FromMilliseconds(double.Parse(ms, CultureInfo.InvariantCulture)));
            }
            catch (Exception e) when (e is BrokenBarrierException or TimeoutException)
            {
                // The test has its verdict; the job still puts its item so the learner's code can finish.
            }
        }
        q.Put(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    }
}
