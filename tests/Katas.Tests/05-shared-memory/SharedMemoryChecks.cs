using FsCheck;
using FsCheck.Fluent;
using Katas.SharedMemory;

namespace Katas.Tests.SharedMemoryKatas;

/// <summary>
/// The checks of kata 05, each taking the learner's methods (or a number that picks the job a
/// child runs: 0 the learner's, others from <see cref="WrongSolutions"/>) so that the wrong
/// solutions can be put through the very same check.
/// </summary>
internal static unsafe class SharedMemoryChecks
{
    private const string Hang = "Most likely a Join waits for a worker that never ends.";

    public static void TheCourseValuesAndOneMemory(Func<SharedValue<double>> makeValue, Func<SharedArray<int>> makeArray)
    {
        using SharedValue<double> v = LearnerCall.Run(makeValue, "MakeValue()");
        using SharedArray<int> a = LearnerCall.Run(makeArray, "MakeArray()");
        Expect.That(v is not null && v.Value == 1.0, () => $"mp.Value('d', 1) is a double holding 1, but MakeValue() holds {v?.Value}.");
        Expect.That(a is not null && a.ToArray().SequenceEqual([1, 2, 3]), () => $"mp.Array('i', [1, 2, 3]) holds 1, 2, 3, but MakeArray() holds {Expect.Show(a?.ToArray())}.");
        v.Value = 2.5;
        a[0] = 7;
        using MpProcess p = RunChild(Mp.Process(PrintBoth, v, a));
        Expect.That(p.Output.Trim() == "2.5 7,2,3", () =>
            $"a child maps the same memory, so it sees the changes made after creation (2.5 and 7,2,3), but it printed {Expect.Show(p.Output.Trim())}.");
    }

    public static void SlicesAreDisjointCoverAndBalance(Func<int, int, int, (int From, int Count)> slice) =>
        Properties.ForAll(ArbMap.Default.ArbFor<ushort>(), Gen.Choose(1, 16).ToArbitrary(), 200, (length, workers) =>
        {
            var slices = Enumerable.Range(0, workers).Select(w => LearnerCall.Run(() => slice(length, w, workers), $"Slice({length}, {w}, {workers})")).ToList();
            string shown = string.Join(", ", slices.Select(s => $"[{s.From}, {s.From + s.Count})"));
            int next = 0;
            foreach (var (from, count) in slices)
            {
                Expect.That(from == next && count >= 0, () =>
                    $"each slice should start where the previous one ended, so none overlap and none leave a gap, but for {length} elements and {workers} workers the slices were {shown}.");
                next = from + count;
            }
            Expect.That(next == length, () => $"together the slices should cover all {length} elements exactly once, but they were {shown}.");
            Expect.That(slices.Max(s => s.Count) - slices.Min(s => s.Count) <= 1, () =>
                $"the work should be shared evenly (sizes differing by at most one), but for {length} elements and {workers} workers the slices were {shown}.");
        }, shrink: true);

    /// <summary>SquareSlice, run in a child by the test, changes the parent's array.</summary>
    public static void SquareSliceWorksInPlace(int which)
    {
        using SharedArray<long> data = Mp.Array<long>([1, 2, 3, 4, 5, 6], withLock: false);
        using MpProcess p = RunChild(Mp.Process(Guarded.Square, data, 1, 2, which));
        Expect.That(p.ExitCode == 0, () => $"SquareSlice should finish normally; {Processes.ProcessChecks.Show(p)}.");
        long[] now = data.ToArray();
        Expect.That(now.SequenceEqual([1, 2, 3, 16, 25, 36]), () =>
            $"worker 1 of 2 owns the second half, 4, 5, 6, and must write their squares into the shared array itself (through data.AsSpan() or data[i]); " +
            $"squaring a copy from ToArray() changes nothing the parent can see. After SquareSlice(data, 1, 2) the array was {Expect.Show(now)}.");
    }

    /// <summary>SquareSlice writes nothing outside its slice (the rest of the array is read-only for it).</summary>
    public static void SquareSliceStaysInItsSlice(int which)
    {
        // 1008 elements for 2 workers: with the 64-byte header the boundary at 504 falls on a page boundary.
        const int length = 1008;
        for (int worker = 0; worker < 2; worker++)
        {
            long[] before = [.. Enumerable.Range(2, length).Select(i => (long)i)];
            using SharedArray<long> data = Mp.Array<long>(before, withLock: false);
            using MpProcess p = RunChild(Mp.Process(Guarded.Square, data, worker, 2, which));
            var (from, count) = Own(length, worker, 2);
            Expect.That(p.ExitCode == 0, () =>
                $"SquareSlice(data, {worker}, 2) crashed writing outside its own slice, [{from}, {from + count}): for this test the rest of the array was read-only. " +
                "A worker writes only its own elements; copying the whole array (ToArray) and writing it back, or a loop that runs one element too far, " +
                $"overwrites another worker's part whenever the two run at the same time. ({Processes.ProcessChecks.Show(p)})");
            long[] after = data.ToArray();
            for (int i = 0; i < length; i++)
            {
                long expected = i >= from && i < from + count ? before[i] * before[i] : before[i];
                Expect.That(after[i] == expected, () =>
                    $"after SquareSlice(data, {worker}, 2) element {i} should be {expected} (the worker owns [{from}, {from + count})), but it is {after[i]}.");
            }
        }
    }

    /// <summary>CountSlice counts its slice into its own row and writes nothing else.</summary>
    public static void CountSliceFillsOnlyItsRow(int which)
    {
        // 300 workers: the rows span several pages, so the pages of the other rows can be made read-only.
        const int workers = 300, worker = 150;
        int[] values = [.. Enumerable.Range(0, 3000).Select(i => (i * 7919 % 2001) - 1000)];
        using SharedArray<int> data = Mp.Array<int>(values, withLock: false);
        using SharedArray<int> histograms = Mp.Array<int>(workers * SharedMemoryKata.Bins, withLock: false);
        using MpProcess p = RunChild(Mp.Process(Guarded.Count, data, histograms, worker, which));
        Expect.That(p.ExitCode == 0, () =>
            $"CountSlice(data, histograms, {worker}, {workers}) crashed writing outside its own row of histograms: for this test the other rows were read-only. " +
            "Each worker counts into its own row, histograms[worker * Bins + bin]; a shared row (or a copy of the whole array written back) " +
            $"loses counts whenever two workers run at the same time. ({Processes.ProcessChecks.Show(p)})");
        var (from, count) = Own(values.Length, worker, workers);
        int[] expected = new int[SharedMemoryKata.Bins];
        foreach (int v in values.AsSpan(from, count))
        {
            expected[((v % 10) + 10) % 10]++;
        }
        int[] rows = histograms.ToArray();
        int[] mine = rows[(worker * SharedMemoryKata.Bins)..((worker + 1) * SharedMemoryKata.Bins)];
        Expect.That(mine.SequenceEqual(expected), () =>
            $"worker {worker} should count its slice, values {from} to {from + count - 1}, by last digit into its row: {Expect.Show(expected)}, but the row holds {Expect.Show(mine)}. " +
            "The bin of v is ((v % 10) + 10) % 10, so that negative values count by their last digit too.");
        int others = rows.Where((x, i) => i / SharedMemoryKata.Bins != worker && x != 0).Count();
        Expect.That(others == 0, () => $"CountSlice for worker {worker} should write only row {worker}, but {others} counters in other rows changed.");
    }

    public static void SquareAllGivesTheSerialResult(Func<int[], int, SharedRun<long>> squareAll) =>
        Properties.ForAll(([.. Enumerable.Range(-50, 100)], 3), Values(), Gen.Choose(1, 4).ToArbitrary(), 6, (values, workers) =>
        {
            var call = LearnerCall.Finish(() => squareAll(values, workers), $"SquareAll(values, {workers})", Hang);
            SharedRun<long> run = call.Result;
            try
            {
                call.ExpectEveryProcessJoined($"SquareAll(values, {workers})");
                long[] expected = [.. values.Select(v => (long)v * v)];
                Expect.That(run.Result.SequenceEqual(expected), () =>
                    $"every element should be squared exactly once, in place: for {Expect.Show(values)} with {workers} workers, {Expect.Show(expected)}, but SquareAll returned {Expect.Show(run.Result)}.");
                CheckWorkers(run.Workers, workers, nameof(SharedMemoryKata.SquareSlice), "SquareAll");
            }
            finally
            {
                Processes.ProcessChecks.DisposeAll(run.Workers);
            }
        });

    public static void HistogramGivesTheSerialCounts(Func<int[], int, SharedRun<int>> histogram) =>
        Properties.ForAll(([.. Enumerable.Range(-50, 100)], 3), Values(), Gen.Choose(1, 4).ToArbitrary(), 6, (values, workers) =>
        {
            var call = LearnerCall.Finish(() => histogram(values, workers), $"Histogram(values, {workers})", Hang);
            SharedRun<int> run = call.Result;
            try
            {
                call.ExpectEveryProcessJoined($"Histogram(values, {workers})");
                int[] serial = new int[SharedMemoryKata.Bins];
                foreach (int v in values)
                {
                    serial[((v % 10) + 10) % 10]++;
                }
                Expect.That(run.Result.SequenceEqual(serial), () =>
                    $"the merged rows should count each value once, by its last digit: {Expect.Show(serial)}, but Histogram(values, {workers}) returned {Expect.Show(run.Result)}.");
                CheckWorkers(run.Workers, workers, nameof(SharedMemoryKata.CountSlice), "Histogram");
            }
            finally
            {
                Processes.ProcessChecks.DisposeAll(run.Workers);
            }
        });

    public static void AWorkerCountBelowOneIsRefused(Func<int[], int, SharedRun<long>> squareAll, Func<int[], int, SharedRun<int>> histogram)
    {
        foreach (var (name, call) in new (string, Action)[] { ("SquareAll", () => squareAll([1, 2], 0)), ("Histogram", () => histogram([1, 2], 0)) })
        {
            Exception? e = Record.Exception(call);
            Expect.That(e is not NotImplementedException, () => LearnerCall.Explain(e!, $"{name}([1, 2], 0)").Message);
            Expect.That(e is ArgumentOutOfRangeException, () =>
                $"{name}([1, 2], 0) should throw ArgumentOutOfRangeException: with no workers nobody would do the work. It {(e is null ? "returned" : $"threw {e.GetType().Name}")}.");
        }
    }

    private static void CheckWorkers(IReadOnlyList<MpProcess> workers, int expected, string job, string call)
    {
        Expect.That(workers.Count == expected, () => $"{call} should start one process per worker, {expected}, but it returned {workers.Count}.");
        foreach (MpProcess p in workers)
        {
            Expect.That(p.Pid is not null, $"{call} should start each worker; {p.Name} was never started.");
            Expect.That(p.Pid != Environment.ProcessId, "the work must happen in child processes, not in the test's own.");
            Expect.That(p.ExitCode == 0, () => $"each worker should finish (and be joined) before the result is read; {Processes.ProcessChecks.Show(p)}.");
            Expect.That(p.TargetName == $"SharedMemoryKata.{job}", () => $"the workers run {job}, which works in the shared memory, but {p.Name} ran {p.TargetName}.");
        }
        Expect.That(workers.Select(p => p.Pid).Distinct().Count() == workers.Count, "each worker is a process of its own; the same process came back twice.");
        long lastStart = workers.Max(p => p.StartSequence);
        long firstJoin = workers.Where(p => p.JoinSequence > 0).Select(p => p.JoinSequence).DefaultIfEmpty(long.MaxValue).Min();
        Expect.That(lastStart < firstJoin,
            $"{call} joined a worker before starting them all (the last Start came after the first Join), so the workers ran one after the other: start every worker, then join them.");
    }

    /// <summary>The slice the test expects worker w to own.</summary>
    public static (int From, int Count) Own(int length, int worker, int workers)
    {
        int from = (int)((long)length * worker / workers);
        return (from, (int)((long)length * (worker + 1) / workers) - from);
    }

    private static MpProcess RunChild(MpProcess p)
    {
        p.OutputWriter = TextWriter.Null;
        p.Start();
        if (!p.Join(LearnerCall.Deadline))
        {
            p.Kill();
            Expect.Fail($"{p.TargetName} did not end within {LearnerCall.Deadline.TotalSeconds:F0} s in its child process.");
        }
        return p;
    }

    private static void PrintBoth(SharedValue<double> v, SharedArray<int> a) =>
        Console.WriteLine($"{v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {string.Join(",", a.ToArray())}");

    private static Arbitrary<int[]> Values() => Gen.Choose(-46_340, 46_340).ArrayOf().Resize(300).ToArbitrary();

    /// <summary>The child's side: guard the pages outside the worker's part, run the job picked by number, lift the guard.</summary>
    internal static class Guarded
    {
        public static void Square(SharedArray<long> data, int worker, int workers, int which)
        {
            Span<long> all = data.AsSpan();
            var (from, count) = Own(all.Length, worker, workers);
            var undo = SliceGuard.ProtectAllBut(SliceGuard.AddressOf(all), (long)all.Length * sizeof(long), SliceGuard.AddressOf(all[from..]), (long)count * sizeof(long));
            try
            {
                WrongSolutions.SquareJob(which)(data, worker, workers);
            }
            finally
            {
                SliceGuard.Undo(undo);
            }
        }

        public static void Count(SharedArray<int> data, SharedArray<int> histograms, int worker, int which)
        {
            const int workers = 300;
            Span<int> rows = histograms.AsSpan();
            Span<int> values = data.AsSpan();
            var undo = SliceGuard.ProtectAllBut(SliceGuard.AddressOf(rows), (long)rows.Length * sizeof(int),
                SliceGuard.AddressOf(rows[(worker * SharedMemoryKata.Bins)..]), SharedMemoryKata.Bins * sizeof(int));
            undo.AddRange(SliceGuard.ProtectAllBut(SliceGuard.AddressOf(values), (long)values.Length * sizeof(int), SliceGuard.AddressOf(values), 0));
            try
            {
                WrongSolutions.CountJob(which)(data, histograms, worker, workers);
            }
            finally
            {
                SliceGuard.Undo(undo);
            }
        }
    }
}
