using Katas.SharedMemory;

namespace Katas.Tests.SharedMemoryKatas;

[Trait("Kata", "05-shared-memory")]
public sealed class SharedMemoryKataTests
{
    [Fact]
    public void MakeValue_and_MakeArray_hold_the_course_values_and_a_child_reads_the_same_memory() =>
        SharedMemoryChecks.TheCourseValuesAndOneMemory(SharedMemoryKata.MakeValue, SharedMemoryKata.MakeArray);

    [Fact]
    public void Slices_are_disjoint_cover_the_array_and_are_balanced() => SharedMemoryChecks.SlicesAreDisjointCoverAndBalance(SharedMemoryKata.Slice);

    [Fact]
    public void SquareSlice_run_in_a_child_squares_the_parents_array_in_place() => SharedMemoryChecks.SquareSliceWorksInPlace(0);

    [Fact]
    public void SquareSlice_writes_nothing_outside_its_slice() => SharedMemoryChecks.SquareSliceStaysInItsSlice(0);

    [Fact]
    public void CountSlice_counts_into_its_own_row_and_nowhere_else() => SharedMemoryChecks.CountSliceFillsOnlyItsRow(0);

    [Fact]
    public void SquareAll_gives_the_serial_result_for_any_array_and_worker_count() => SharedMemoryChecks.SquareAllGivesTheSerialResult(SharedMemoryKata.SquareAll);

    [Fact]
    public void Histogram_gives_the_serial_counts_for_any_array_and_worker_count() => SharedMemoryChecks.HistogramGivesTheSerialCounts(SharedMemoryKata.Histogram);

    [Fact]
    public void A_worker_count_below_one_is_refused() => SharedMemoryChecks.AWorkerCountBelowOneIsRefused(SharedMemoryKata.SquareAll, SharedMemoryKata.Histogram);
}
