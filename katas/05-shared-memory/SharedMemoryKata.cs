using Harness;

namespace Katas.SharedMemory;

// Kata 05: share memory between processes with Value and Array, and work on one array in place.
// Read README.md in this folder first. Run the tests with:
//   kata check 05-shared-memory

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
    public static SharedValue<double> MakeValue()
    {
        // TODO: make a shared double holding 1 with Mp.Value
        throw new NotImplementedException();
    }

    /// <summary>The course's <c>mp.Array('i', [1, 2, 3])</c>: a shared int array holding 1, 2, 3.</summary>
    public static SharedArray<int> MakeArray()
    {
        // TODO: make a shared int array holding 1, 2, 3 with Mp.Array
        throw new NotImplementedException();
    }

    /// <summary>
    /// The part of an array of <paramref name="length"/> elements that worker number
    /// <paramref name="worker"/> of <paramref name="workers"/> owns: the slices are contiguous,
    /// disjoint, cover the whole array, and differ in size by at most one.
    /// </summary>
    public static (int From, int Count) Slice(int length, int worker, int workers)
    {
        // TODO: worker w owns [length * w / workers, length * (w + 1) / workers)
        throw new NotImplementedException();
    }

    /// <summary>The worker's job: squares its slice of <paramref name="data"/> in place.</summary>
    public static void SquareSlice(SharedArray<long> data, int worker, int workers)
    {
        // TODO: square data's elements in Slice(data.Length, worker, workers), writing into data itself
        throw new NotImplementedException();
    }

    /// <summary>
    /// Copies <paramref name="values"/> into one shared array, lets <paramref name="workers"/>
    /// processes square their slices in place, joins them and reads the squares back.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">workers is less than 1.</exception>
    public static SharedRun<long> SquareAll(int[] values, int workers)
    {
        // TODO: a shared long array, one SquareSlice process per worker, start all, join all, read back
        throw new NotImplementedException();
    }

    /// <summary>
    /// The worker's job: counts its slice of <paramref name="data"/> into its own row of
    /// <paramref name="histograms"/> (row <paramref name="worker"/>, <see cref="Bins"/> counters).
    /// </summary>
    public static void CountSlice(SharedArray<int> data, SharedArray<int> histograms, int worker, int workers)
    {
        // TODO: for each value in the slice, add 1 to histograms[worker * Bins + bin(value)]
        throw new NotImplementedException();
    }

    /// <summary>
    /// Counts <paramref name="values"/> by last digit with <paramref name="workers"/> processes,
    /// each filling its own histogram row in shared memory, then merges the rows.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">workers is less than 1.</exception>
    public static SharedRun<int> Histogram(int[] values, int workers)
    {
        // TODO: shared data and a shared workers * Bins array, one CountSlice process per worker, then merge the rows
        throw new NotImplementedException();
    }
}
