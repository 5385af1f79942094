namespace Katas.Tests.SharedMemoryKatas;

/// <summary>Each wrong solution of kata 05, put through the check that must catch it.</summary>
[Trait("Fixture", "05-shared-memory")]
public sealed class SharedMemoryCheckTests
{
    [Fact]
    public void Squaring_a_copy_and_writing_it_all_back_is_caught() => Caught.By(() => SharedMemoryChecks.SquareSliceStaysInItsSlice(1), "outside its own slice");

    [Fact]
    public void Squaring_one_element_too_far_is_caught() => Caught.By(() => SharedMemoryChecks.SquareSliceStaysInItsSlice(2), "outside its own slice");

    [Fact]
    public void Squaring_a_copy_is_caught() => Caught.By(() => SharedMemoryChecks.SquareSliceWorksInPlace(3), "squaring a copy");

    [Fact]
    public void Counting_into_one_shared_row_is_caught() => Caught.By(() => SharedMemoryChecks.CountSliceFillsOnlyItsRow(1), "outside its own row");

    [Fact]
    public void Counting_into_a_copy_written_back_is_caught() => Caught.By(() => SharedMemoryChecks.CountSliceFillsOnlyItsRow(2), "outside its own row");

    [Fact]
    public void Counting_with_a_negative_remainder_is_caught() => Caught.By(() => SharedMemoryChecks.CountSliceFillsOnlyItsRow(3), "negative values");

    [Fact]
    public void SquareAll_one_worker_at_a_time_is_caught() =>
        Caught.By(() => SharedMemoryChecks.SquareAllGivesTheSerialResult(WrongSolutions.SquareAllOneAtATime), "the last Start came after the first Join");

    [Fact]
    public void SquareAll_without_Join_is_caught() =>
        Caught.By(() => SharedMemoryChecks.SquareAllGivesTheSerialResult(WrongSolutions.SquareAllWithoutJoin), "returned without joining");

    [Fact]
    public void Histogram_merging_one_row_is_caught() =>
        Caught.By(() => SharedMemoryChecks.HistogramGivesTheSerialCounts(WrongSolutions.HistogramMergingOneRow), "count each value once");
}
