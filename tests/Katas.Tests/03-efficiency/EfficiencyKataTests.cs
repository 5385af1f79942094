using System.Collections.Concurrent;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Katas.Efficiency;

namespace Katas.Tests.Efficiency;

[Trait("Kata", "03-efficiency")]
public sealed class EfficiencyKataTests
{
    /// <summary>The course's figure: normal, multithread and multicore all print it for range(10_000_000).</summary>
    private static readonly Int128 CourseFigure = Int128.Parse("4999999666666716666660000000", CultureInfo.InvariantCulture);

    /// <summary>Generous: a correct call takes a second or two; a deadlocked one never ends.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public void Sum_adds_i_plus_i_squared_plus_i_cubed()
    {
        EfficiencyKata.Sum(0).Should().Be(0, "range(0) is empty");
        EfficiencyKata.Sum(1000).Should().Be(249833583000, "the course's job over range(1000) gives 249833583000 (kata 02)");
        EfficiencyKata.Sum(4).Should().Be(0 + (1 + 1 + 1) + (2 + 4 + 8) + (3 + 9 + 27), "Sum(n) covers 0 ≤ i < n");
    }

    [Fact]
    public void Sum_of_the_course_range_does_not_overflow()
    {
        Int128 twice = EfficiencyKata.Sum(EfficiencyKata.CourseN) * 2;

        twice.Should().Be(CourseFigure,
            "the course prints 4999999666666716666660000000 for the work done twice. That is far past long.MaxValue " +
            "(9223372036854775807): a long total wraps around silently, and so does i*i*i in long once i reaches 2097152. " +
            "Widen i to Int128 before you multiply, and add in Int128");
    }

    [Fact]
    public void ClosedForm_gives_the_course_figure()
    {
        (EfficiencyKata.ClosedForm(EfficiencyKata.CourseN) * 2).Should().Be(CourseFigure,
            "n(n-1)/2 + (n-1)n(2n-1)/6 + (n(n-1)/2)² for n = 10,000,000, twice, is the course's figure; " +
            "(n(n-1)/2)² alone is about 2.5e27, so every step must be in Int128");
    }

    [Property(MaxTest = 30, Arbitrary = [typeof(Sizes)])]
    public void ClosedForm_equals_Sum_for_any_n(int n)
    {
        EfficiencyKata.ClosedForm(n).Should().Be(EfficiencyKata.Sum(n), $"the loop and the formula count the same thing for n = {n}");
        EfficiencyKata.ClosedForm(n).Should().Be(Expected(n), $"the closed form for n = {n}");
    }

    [Fact]
    public void A_negative_n_is_refused()
    {
        FluentActions.Invoking(() => EfficiencyKata.Sum(-1)).Should().Throw<ArgumentOutOfRangeException>("range(-1) makes no sense here: say so with ArgumentOutOfRangeException");
        FluentActions.Invoking(() => EfficiencyKata.ClosedForm(-1)).Should().Throw<ArgumentOutOfRangeException>("the formula is only for n ≥ 0");
    }

    [Fact]
    public void Job_puts_its_sum_as_text_from_a_child_process()
    {
        using var q = Mp.Queue<string>();
        using var p = Mp.Process(EfficiencyKata.Job, q, 1000L);
        p.OutputWriter = TextWriter.Null;
        p.Start();
        p.Join(Deadline).Should().BeTrue();

        p.ExitCode.Should().Be(0, $"Job should run without throwing in the child; it printed: {p.Output}");
        q.Get(TimeSpan.FromSeconds(10)).Should().Be("249833583000",
            "Job puts Sum(n).ToString(CultureInfo.InvariantCulture): Int128 itself can't be copied through a queue");
    }

    [Property(MaxTest = 10, Arbitrary = [typeof(Sizes)])]
    public void Normal_is_the_work_done_twice(int n)
    {
        EfficiencyKata.Normal(n).Should().Be(2 * Expected(n), $"normal() runs the job's loop twice, one after the other, for n = {n}");
    }

    [Property(MaxTest = 8, Arbitrary = [typeof(Sizes)])]
    public void MultiThread_gives_the_serial_result_for_any_n(int n)
    {
        RequireJob();
        var (total, _) = Finish(() => EfficiencyKata.MultiThread(EfficiencyKata.Job, n), $"MultiThread(Job, {n})");

        total.Should().Be(EfficiencyKata.Normal(n), $"two threads doing the job once each do the same work as normal() for n = {n}");
        total.Should().Be(2 * Expected(n), $"the closed form, twice, for n = {n}");
    }

    [Property(MaxTest = 5, Arbitrary = [typeof(Sizes)])]
    public void MultiCore_gives_the_serial_result_for_any_n(int n)
    {
        RequireJob();
        var (total, started) = Finish(() => EfficiencyKata.MultiCore(EfficiencyKata.Job, n), $"MultiCore(Job, {n})");

        total.Should().Be(EfficiencyKata.Normal(n), $"two processes doing the job once each do the same work as normal() for n = {n}");
        total.Should().Be(2 * Expected(n), $"the closed form, twice, for n = {n}");
        started.Should().Be(2, "multicore() starts two processes, p1 and p2, that run the job");
    }

    [Fact]
    public void MultiCore_gives_the_course_figure()
    {
        RequireJob();
        var (total, started) = Finish(() => EfficiencyKata.MultiCore(EfficiencyKata.Job, EfficiencyKata.CourseN), "MultiCore(Job, CourseN)");

        total.Should().Be(CourseFigure, "each process puts the sum for range(10_000_000) as text; the parent parses and adds them");
        started.Should().Be(2, "multicore() starts two processes, p1 and p2");
    }

    [Fact]
    public void MultiThread_runs_the_two_jobs_on_two_threads_at_the_same_time()
    {
        RequireJob();
        ThreadMeeting.Reset();

        var (total, _) = Finish(() => EfficiencyKata.MultiThread(ThreadMeeting.Job, 1000), "MultiThread(job, 1000)");

        total.Should().Be(2 * 249833583000L, "each thread runs the job once");
        ThreadMeeting.Threads.Should().HaveCount(2, "MultiThread should run the job it is given exactly twice, like t1 and t2 in the course");
        ThreadMeeting.Threads.Distinct().Should().HaveCount(2, "each job runs on a thread of its own");
        ThreadMeeting.MetAlone.Should().Be(0,
            "both jobs should be running at the same time: start both threads, then join both. A job that ran alone waited " +
            $"{ThreadMeeting.Patience.TotalSeconds:F0} s for the other, which never came: the jobs ran one after the other " +
            "(joined right after starting, or called directly instead of on a thread)");
    }

    [Fact]
    public async Task MultiCore_runs_the_two_jobs_in_two_processes_at_the_same_time()
    {
        RequireJob();
        using MpBarrier meeting = Mp.Barrier(3); // the two jobs and this test
        Environment.SetEnvironmentVariable(ProcessMeeting.Variable, meeting.Name);
        try
        {
            var call = LearnerCall.Start(() => EfficiencyKata.MultiCore(ProcessMeeting.Job, 1000));
            var met = Task.Run(() =>
            {
                try
                {
                    meeting.Wait(ProcessMeeting.Patience);
                    return true;
                }
                catch (BrokenBarrierException)
                {
                    return false;
                }
            });
            CancellationToken cancel = TestContext.Current.CancellationToken;
            await Task.WhenAny(call, met).WaitAsync(Deadline, cancel);
            if (call.IsFaulted && !met.IsCompleted)
            {
                meeting.Abort(); // nobody will come: free the waiting task before the barrier goes
            }
            bool together = await met.WaitAsync(Deadline, cancel);
            var (total, started) = await call.WaitAsync(Deadline, cancel);

            started.Should().Be(2, "multicore() starts two processes, p1 and p2, that run the job");
            together.Should().BeTrue(
                "both processes should be running the job at the same time: start p1 and p2, then join both. Within " +
                $"{ProcessMeeting.Patience.TotalSeconds:F0} s, fewer than two jobs arrived at the meeting point: either they ran one after " +
                "the other (p1 joined before p2 started), or MultiCore did not run the job it was given");
            total.Should().Be(2 * 249833583000L, "each process puts the sum for n = 1000");
        }
        finally
        {
            Environment.SetEnvironmentVariable(ProcessMeeting.Variable, null);
        }
    }

    /// <summary>The closed form, computed here independently of the learner's.</summary>
    private static Int128 Expected(long n)
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
            throw new InvalidOperationException("Finish Sum and Job first: MultiThread and MultiCore run Job, on threads and in processes.", e);
        }
        q.TryGet(out string? item).Should().BeTrue("Job should put one item on the queue it is given");
        item.Should().Be("2355", "Job(q, 10) puts Sum(10), 45 + 285 + 2025 = 2355, as text");
    }

    /// <summary>Runs the learner's call with a deadline, counting the processes it starts.</summary>
    private static (T Result, int Started) Finish<T>(Func<T> call, string what) =>
        LearnerCall.Finish(call, what, Deadline,
            "Most likely it waits on the queue for an item that no " +
            "job put: start both workers before you Get, and get exactly two items.");

    private static class Sizes
    {
        // Up to 3 million: past 2,097,152, where i*i*i no longer fits in a long.
        public static Arbitrary<int> Ints() =>
            Gen.Frequency((1, Gen.Choose(0, 3)), (3, Gen.Choose(0, 20_000)), (1, Gen.Choose(2_097_000, 3_000_000))).ToArbitrary();
    }
}

/// <summary>A job for MultiThread that notes its thread and waits for the other job to be running too.</summary>
internal static class ThreadMeeting
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static CountdownEvent s_arrived = new(2);

    public static ConcurrentQueue<int> Threads { get; private set; } = new();

    public static int MetAlone;

    public static void Reset()
    {
        s_arrived = new CountdownEvent(2);
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
            // A third call: the count test reports it.
        }
        if (!arrived.Wait(Patience))
        {
            Interlocked.Increment(ref MetAlone);
        }
        EfficiencyKata.Job(q, n);
    }
}

/// <summary>A job for MultiCore that, in its child process, waits at the test's barrier for the other job and the test.</summary>
internal static class ProcessMeeting
{
    public const string Variable = "KATAS_EFFICIENCY_MEETING";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static void Job(MpQueue<string> q, long n)
    {
        // The barrier's name comes through the environment, which a child inherits from the test.
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } name)
        {
            using MpBarrier meeting = MpBarrier.Open(name);
            try
            {
                meeting.Wait(Patience);
            }
            catch (BrokenBarrierException)
            {
                // The test has its verdict; the job still does its work so the learner's code can finish.
            }
        }
        EfficiencyKata.Job(q, n);
    }
}
