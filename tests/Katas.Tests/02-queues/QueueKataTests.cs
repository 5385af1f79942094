using Katas.Queues;

namespace Katas.Tests.Queues;

[Trait("Kata", "02-queues")]
public sealed class QueueKataTests
{
    [Fact]
    public void SeedSum_adds_i_plus_i_squared_plus_i_cubed() => QueueChecks.SeedSum(QueueKata.SeedSum);

    [Fact]
    public void The_course_program_prints_499667166000_from_two_child_processes() => QueueChecks.TheCourseProgram(QueueKata.CourseProgram);

    [Fact]
    public void Job_puts_its_sum_on_the_queue_from_a_child_process() => QueueChecks.JobPutsItsSumFromAChild(QueueKata.Job);

    [Fact]
    public void PartialSum_puts_the_sum_of_its_range_from_a_child_process() => QueueChecks.PartialSumPutsTheSumOfItsRange(QueueKata.PartialSum);

    [Fact]
    public void SumWithWorkers_equals_the_serial_sum_for_any_n_and_worker_count() => QueueChecks.SumWithWorkers(QueueKata.SumWithWorkers);

    [Fact]
    public void Producer_puts_every_item_and_then_the_sentinel() => QueueChecks.ProducerPutsEveryItemThenTheSentinel(QueueKata.Producer);

    [Fact]
    public void Consumer_waits_for_items_and_stops_at_the_sentinel() => QueueChecks.ConsumerWaitsForTheSentinelAndStopsThere(QueueKata.Consumer);

    [Fact]
    public void ProducerConsumer_sums_every_item_once_with_both_running_at_the_same_time() => QueueChecks.ProducerConsumer(QueueKata.ProducerConsumer);
}
