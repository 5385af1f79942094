using Katas.SharedMemory;

namespace Katas.Tests.SharedMemoryKatas;

/// <summary>
/// Plausible wrong answers to kata 05: each passes when the workers happen not to overlap in time.
/// <see cref="SharedMemoryCheckTests"/> proves the kata's checks catch each one, every run.
/// </summary>
internal static class WrongSolutions
{
    /// <summary>Copies the whole array, squares its slice in the copy, writes the whole copy back.</summary>
    public static void SquareACopyAndWriteItAllBack(SharedArray<long> data, int worker, int workers)
    {
        long[] copy = data.ToArray();
        var (from, count) = SharedMemoryKata.Slice(copy.Length, worker, workers);
        for (int i = from; i < from + count; i++)
        {
            copy[i] *= copy[i];
        }
        copy.CopyTo(data.AsSpan());
    }

    /// <summary>Squares one element past its slice.</summary>
    public static void SquareOneElementTooFar(SharedArray<long> data, int worker, int workers)
    {
        var (from, count) = SharedMemoryKata.Slice(data.Length, worker, workers);
        Span<long> all = data.AsSpan();
        for (int i = from; i <= from + count && i < all.Length; i++)
        {
            all[i] *= all[i];
        }
    }

    /// <summary>Squares a copy and never writes it back.</summary>
    public static void SquareACopy(SharedArray<long> data, int worker, int workers)
    {
        long[] copy = data.ToArray();
        var (from, count) = SharedMemoryKata.Slice(copy.Length, worker, workers);
        for (int i = from; i < from + count; i++)
        {
            copy[i] *= copy[i];
        }
    }

    /// <summary>Every worker counts into row 0: the counts add up only while the workers take turns.</summary>
    public static void CountIntoOneSharedRow(SharedArray<int> data, SharedArray<int> histograms, int worker, int workers)
    {
        var (from, count) = SharedMemoryKata.Slice(data.Length, worker, workers);
        Span<int> row = histograms.AsSpan()[..SharedMemoryKata.Bins];
        foreach (int v in data.AsSpan().Slice(from, count))
        {
            row[((v % 10) + 10) % 10]++;
        }
    }

    /// <summary>Counts into a copy of the whole histogram array and writes all of it back.</summary>
    public static void CountIntoACopyAndWriteItAllBack(SharedArray<int> data, SharedArray<int> histograms, int worker, int workers)
    {
        int[] copy = histograms.ToArray();
        var (from, count) = SharedMemoryKata.Slice(data.Length, worker, workers);
        foreach (int v in data.AsSpan().Slice(from, count))
        {
            copy[(worker * SharedMemoryKata.Bins) + (((v % 10) + 10) % 10)]++;
        }
        copy.CopyTo(histograms.AsSpan());
    }

    /// <summary>Bins by v % 10, which is negative for negative values.</summary>
    public static void CountWithANegativeRemainder(SharedArray<int> data, SharedArray<int> histograms, int worker, int workers)
    {
        var (from, count) = SharedMemoryKata.Slice(data.Length, worker, workers);
        Span<int> row = histograms.AsSpan().Slice(worker * SharedMemoryKata.Bins, SharedMemoryKata.Bins);
        foreach (int v in data.AsSpan().Slice(from, count))
        {
            row[Math.Abs(v % 10)]++;
        }
    }

    /// <summary>Starts and joins each worker in turn.</summary>
    public static SharedRun<long> SquareAllOneAtATime(int[] values, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        using SharedArray<long> data = Mp.Array<long>([.. values.Select(v => (long)v)], withLock: false);
        var processes = new List<MpProcess>();
        for (int w = 0; w < workers; w++)
        {
            var p = Mp.Process(SharedMemoryKata.SquareSlice, data, w, workers);
            p.Start();
            p.Join();
            processes.Add(p);
        }
        return new SharedRun<long>(data.ToArray(), processes);
    }

    /// <summary>Starts every worker and reads the array without joining them.</summary>
    public static SharedRun<long> SquareAllWithoutJoin(int[] values, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        using SharedArray<long> data = Mp.Array<long>([.. values.Select(v => (long)v)], withLock: false);
        var processes = Enumerable.Range(0, workers).Select(w => Mp.Process(SharedMemoryKata.SquareSlice, data, w, workers)).ToList();
        processes.ForEach(p => p.Start());
        return new SharedRun<long>(data.ToArray(), processes);
    }

    /// <summary>Merges only the first row.</summary>
    public static SharedRun<int> HistogramMergingOneRow(int[] values, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        using SharedArray<int> data = Mp.Array<int>(values, withLock: false);
        using SharedArray<int> histograms = Mp.Array<int>(workers * SharedMemoryKata.Bins, withLock: false);
        var processes = Enumerable.Range(0, workers).Select(w => Mp.Process(SharedMemoryKata.CountSlice, data, histograms, w, workers)).ToList();
        processes.ForEach(p => p.Start());
        processes.ForEach(p => p.Join());
        return new SharedRun<int>(histograms.ToArray()[..SharedMemoryKata.Bins], processes);
    }

    public static Action<SharedArray<long>, int, int> SquareJob(int which) => which switch
    {
        0 => SharedMemoryKata.SquareSlice,
        1 => SquareACopyAndWriteItAllBack,
        2 => SquareOneElementTooFar,
        3 => SquareACopy,
        _ => throw new ArgumentOutOfRangeException(nameof(which)),
    };

    public static Action<SharedArray<int>, SharedArray<int>, int, int> CountJob(int which) => which switch
    {
        0 => SharedMemoryKata.CountSlice,
        1 => CountIntoOneSharedRow,
        2 => CountIntoACopyAndWriteItAllBack,
        3 => CountWithANegativeRemainder,
        _ => throw new ArgumentOutOfRangeException(nameof(which)),
    };
}
