using Harness;

namespace Katas.SharedMemory;

/// <summary>What a parallel run returns: the result read from shared memory, and the workers that produced it.</summary>
/// <typeparam name="T">The element type of the result.</typeparam>
/// <param name="Result">The values read back from shared memory after every worker was joined.</param>
/// <param name="Workers">The finished worker processes, in the order they were started.</param>
public sealed record SharedRun<T>(T[] Result, IReadOnlyList<MpProcess> Workers);

/// <summary>Kata 05: share memory between processes with Value and Array, and work on one array in place.</summary>
public static class SharedMemoryKata
{
    /// <summary>Histogram bins: a value falls in bin <c>value mod 10</c> (its last digit, 0..9, for negatives too).</summary>
    public const int Bins = 10;

    /// <summary>The course's <c>mp.Value('d', 1)</c>: a shared double holding 1.</summary>
    public static SharedValue<double> MakeValue() => Mp.Value(1.0);

    /// <summary>The course's <c>mp.Array('i', [1, 2, 3])</c>: a shared int array holding 1, 2, 3.</summary>
    public static SharedArray<int> MakeArray() => Mp.Array<int>([1, 2, 3]);

    /// <summary>
    /// The part of an array of <paramref name="length"/> elements that worker number
    /// <paramref name="worker"/> of <paramref name="workers"/> owns: the slices are contiguous,
    /// disjoint, cover the whole array, and differ in size by at most one.
    /// </summary>
    public static (int From, int Count) Slice(int length, int worker, int workers)
    {
        int from = (int)((long)length * worker / workers);
        int to = (int)((long)length * (worker + 1) / workers);
        return (from, to - from);
    }

    /// <summary>The worker's job: squares its slice of <paramref name="data"/> in place.</summary>
    public static void SquareSlice(SharedArray<long> data, int worker, int workers)
    {
        var (from, count) = Slice(data.Length, worker, workers);
        // AsSpan is the shared memory itself: each write lands where the parent reads. No lock
        // is needed because no other worker touches this slice.
        Span<long> mine = data.AsSpan().Slice(from, count);
        for (int i = 0; i < mine.Length; i++)
        {
            mine[i] *= mine[i];
        }
    }

    /// <summary>
    /// Copies <paramref name="values"/> into one shared array, lets <paramref name="workers"/>
    /// processes square their slices in place, joins them and reads the squares back.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">workers is less than 1.</exception>
    public static SharedRun<long> SquareAll(int[] values, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        long[] wide = [.. values.Select(v => (long)v)];
        using SharedArray<long> data = Mp.Array<long>(wide, withLock: false);
        var processes = Enumerable.Range(0, workers).Select(w => Mp.Process(SquareSlice, data, w, workers)).ToList();
        processes.ForEach(p => p.Start());
        processes.ForEach(p => p.Join());
        return new SharedRun<long>(data.ToArray(), processes);
    }

    /// <summary>
    /// The worker's job: counts its slice of <paramref name="data"/> into its own row of
    /// <paramref name="histograms"/> (row <paramref name="worker"/>, <see cref="Bins"/> counters).
    /// </summary>
    public static void CountSlice(SharedArray<int> data, SharedArray<int> histograms, int worker, int workers)
    {
        var (from, count) = Slice(data.Length, worker, workers);
        ReadOnlySpan<int> mine = data.AsSpan().Slice(from, count);
        // One row per worker: nobody else writes these counters, so no lock and no lost counts.
        Span<int> row = histograms.AsSpan().Slice(worker * Bins, Bins);
        foreach (int v in mine)
        {
            row[((v % Bins) + Bins) % Bins]++;
        }
    }

    /// <summary>
    /// Counts <paramref name="values"/> by last digit with <paramref name="workers"/> processes,
    /// each filling its own histogram row in shared memory, then merges the rows.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">workers is less than 1.</exception>
    public static SharedRun<int> Histogram(int[] values, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        using SharedArray<int> data = Mp.Array<int>(values, withLock: false);
        using SharedArray<int> histograms = Mp.Array<int>(workers * Bins, withLock: false);
        var processes = Enumerable.Range(0, workers).Select(w => Mp.Process(CountSlice, data, histograms, w, workers)).ToList();
        processes.ForEach(p => p.Start());
        processes.ForEach(p => p.Join());
        int[] merged = new int[Bins];
        int[] rows = histograms.ToArray();
        for (int i = 0; i < rows.Length; i++)
        {
            merged[i % Bins] += rows[i];
        }
        return new SharedRun<int>(merged, processes);
    }
}
