using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Katas.SharedMemory;

namespace Katas.Tests.SharedMemoryKatas;

[Trait("Kata", "05-shared-memory")]
public sealed class SharedMemoryKataTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    private static void PrintBoth(SharedValue<double> v, SharedArray<int> a) =>
        Console.WriteLine($"{v.Value} {string.Join(",", a.ToArray())}");

    [Fact]
    public void MakeValue_and_MakeArray_hold_the_course_values_and_a_child_reads_the_same_memory()
    {
        using SharedValue<double> v = SharedMemoryKata.MakeValue();
        using SharedArray<int> a = SharedMemoryKata.MakeArray();
        v.Value.Should().Be(1.0, "mp.Value('d', 1) is a double holding 1");
        a.ToArray().Should().Equal([1, 2, 3], "mp.Array('i', [1, 2, 3]) holds 1, 2, 3");

        v.Value = 2.5;
        a[0] = 7;
        using MpProcess p = Mp.Process(PrintBoth, v, a);
        p.OutputWriter = TextWriter.Null;
        p.Start();
        p.Join(s_patience).Should().BeTrue();

        p.Output.Trim().Should().Be("2.5 7,2,3", "the child maps the same memory, so it sees the changes made after creation");
    }

    [Property(MaxTest = 200)]
    public void Slices_are_disjoint_cover_the_array_and_are_balanced(ushort length, byte workerSeed)
    {
        int workers = workerSeed % 16 + 1;
        var slices = Enumerable.Range(0, workers).Select(w => SharedMemoryKata.Slice(length, w, workers)).ToList();

        int next = 0;
        foreach (var (from, count) in slices)
        {
            from.Should().Be(next, "each slice starts where the previous one ended, so none overlap and none leave a gap");
            count.Should().BeGreaterThanOrEqualTo(0);
            next = from + count;
        }
        next.Should().Be((int)length, "together the slices cover every element exactly once");
        (slices.Max(s => s.Count) - slices.Min(s => s.Count)).Should().BeLessThanOrEqualTo(1, "the work is shared evenly");
    }

    [Fact]
    public void SquareSlice_run_in_a_child_squares_the_parents_array_in_place()
    {
        using SharedArray<long> data = Mp.Array<long>([1, 2, 3, 4, 5, 6], withLock: false);
        using MpProcess p = Mp.Process(SharedMemoryKata.SquareSlice, data, 1, 2);
        p.OutputWriter = TextWriter.Null;
        p.Start();
        p.Join(s_patience).Should().BeTrue();

        p.ExitCode.Should().Be(0, "SquareSlice should finish normally; it printed: {0}", p.Output);
        data.ToArray().Should().Equal([1, 2, 3, 16, 25, 36],
            "worker 1 of 2 owns the second half and must write the squares into the shared array itself " +
            "(through data[i] or data.AsSpan()); squaring a copy from ToArray() changes nothing the parent can see");
    }

    [Property(MaxTest = 6, Arbitrary = [typeof(Sizes)])]
    public void SquareAll_gives_the_serial_result_for_any_array_and_worker_count(int[] values, int workers)
    {
        SharedRun<long> run = SharedMemoryKata.SquareAll(values, workers);
        try
        {
            run.Result.Should().Equal(values.Select(v => (long)v * v), "every element squared exactly once, in place");
            CheckWorkers(run.Workers, workers, nameof(SharedMemoryKata.SquareSlice));
        }
        finally
        {
            Dispose(run.Workers);
        }
    }

    [Property(MaxTest = 6, Arbitrary = [typeof(Sizes)])]
    public void Histogram_gives_the_serial_counts_for_any_array_and_worker_count(int[] values, int workers)
    {
        SharedRun<int> run = SharedMemoryKata.Histogram(values, workers);
        try
        {
            int[] serial = new int[SharedMemoryKata.Bins];
            foreach (int v in values)
            {
                serial[((v % 10) + 10) % 10]++;
            }
            run.Result.Should().Equal(serial, "the merged rows count each value once, by its last digit");
            CheckWorkers(run.Workers, workers, nameof(SharedMemoryKata.CountSlice));
        }
        finally
        {
            Dispose(run.Workers);
        }
    }

    [Fact]
    public void A_worker_count_below_one_is_refused()
    {
        var square = () => SharedMemoryKata.SquareAll([1, 2], 0);
        var count = () => SharedMemoryKata.Histogram([1, 2], 0);

        square.Should().Throw<ArgumentOutOfRangeException>("with no workers nobody would do the work");
        count.Should().Throw<ArgumentOutOfRangeException>("with no workers nobody would do the work");
    }

    private static void CheckWorkers(IReadOnlyList<MpProcess> workers, int expected, string job)
    {
        workers.Should().HaveCount(expected, $"one process per worker: {expected} were asked for");
        foreach (MpProcess p in workers)
        {
            p.Pid.Should().NotBeNull("each worker must be started");
            p.Pid.Should().NotBe(Environment.ProcessId, "the work must happen in child processes, not in the test's own");
            p.ExitCode.Should().Be(0, $"each worker should finish (and be joined) before the result is read; {p.Name} printed: {p.Output}");
            p.ToString().Should().Contain($"target=SharedMemoryKata.{job}", $"the workers run {job}, which writes into shared memory");
        }
        workers.Select(p => p.Pid).Should().OnlyHaveUniqueItems("each worker is a process of its own");
    }

    private static void Dispose(IReadOnlyList<MpProcess>? workers)
    {
        foreach (MpProcess p in workers ?? [])
        {
            p?.Dispose();
        }
    }

    private static class Sizes
    {
        public static Arbitrary<int> Workers() => Gen.Choose(1, 4).ToArbitrary();

        public static Arbitrary<int[]> Values() =>
            Gen.Choose(-46_340, 46_340).ArrayOf().Resize(300).ToArbitrary();
    }
}
