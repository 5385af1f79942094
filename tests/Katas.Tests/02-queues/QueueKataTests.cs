using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Katas.Queues;

namespace Katas.Tests.Queues;

[Trait("Kata", "02-queues")]
public sealed class QueueKataTests
{
    /// <summary>Generous: a correct call takes well under a second; a deadlocked one never ends.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void SeedSum_adds_i_plus_i_squared_plus_i_cubed()
    {
        QueueKata.SeedSum(0, 1000).Should().Be(249833583000, "the course's job over range(1000) gives 249833583000");
        QueueKata.SeedSum(2, 4).Should().Be((2 + 4 + 8) + (3 + 9 + 27), "SeedSum(from, to) covers from ≤ i < to");
    }

    [Fact]
    public void The_course_program_prints_499667166000_from_two_child_processes()
    {
        var (total, started) = Finish(QueueKata.CourseProgram, "CourseProgram");

        total.Should().Be(499667166000, "two processes each put 249833583000 on the queue, and the parent adds what it gets");
        started.Should().Be(2, "the course starts two processes, p1 and p2, that run Job");
    }

    [Fact]
    public void Job_puts_its_sum_on_the_queue_from_a_child_process()
    {
        using var q = Mp.Queue<long>();
        using var p = Mp.Process(QueueKata.Job, q);
        p.OutputWriter = TextWriter.Null;
        p.Start();
        p.Join(Deadline).Should().BeTrue();

        p.ExitCode.Should().Be(0, $"Job should run without throwing in the child; it printed: {p.Output}");
        q.Get(TimeSpan.FromSeconds(10)).Should().Be(249833583000, "Job puts SeedSum(0, 1000) on the queue it was given");
    }

    [Property(MaxTest = 6, Arbitrary = [typeof(Sizes)])]
    public void SumWithWorkers_equals_the_serial_sum_for_any_n_and_worker_count(int n, byte workersSeed)
    {
        int workers = 1 + (workersSeed % 4);
        var (total, started) = Finish(() => QueueKata.SumWithWorkers(n, workers), $"SumWithWorkers({n}, {workers})");

        total.Should().Be(SerialSum(n), $"the partial sums of {workers} ranges add up to the sum over [0, {n})");
        started.Should().Be(workers, $"each of the {workers} ranges is summed in a process of its own");
    }

    [Property(MaxTest = 4, Arbitrary = [typeof(Sizes)])]
    public void ProducerConsumer_sums_every_item_once(int count)
    {
        var (sum, started) = Finish(() => QueueKata.ProducerConsumer(count), $"ProducerConsumer({count})");

        sum.Should().Be((long)count * (count + 1) / 2, $"the consumer takes 1..{count} and stops at the sentinel, which it doesn't add");
        started.Should().Be(2, "a producer process and a consumer process");
    }

    private static long SerialSum(long n)
    {
        // Closed forms: Σi = n(n-1)/2, Σi² = (n-1)n(2n-1)/6, Σi³ = (n(n-1)/2)².
        long m = n - 1;
        long s1 = m * (m + 1) / 2;
        return s1 + (m * (m + 1) * ((2 * m) + 1) / 6) + (s1 * s1);
    }

    /// <summary>
    /// Runs the learner's call with a deadline. A parent that Gets before its workers are started
    /// waits forever; this turns that into a failure that explains it.
    /// </summary>
    /// <returns>The call's result, and how many processes it started.</returns>
    private static (T Result, int Started) Finish<T>(Func<T> call, string what) =>
        LearnerCall.Finish(call, what, Deadline,
            "Most likely it waits on the queue for an item that no " +
            "process will put: Get blocks until an item arrives, so start the worker processes before you Get, and get one " +
            "item per worker. (A Join before the Get is fine here; so is a Get before the Join.)");

    private static class Sizes
    {
        public static Arbitrary<int> Ints() => Gen.Choose(0, 20_000).ToArbitrary();
    }
}
