namespace Katas.Tests.Queues;

/// <summary>Each wrong solution of kata 02, put through the check that must catch it.</summary>
[Trait("Fixture", "02-queues")]
public sealed class QueueCheckTests
{
    [Fact]
    public void SeedSum_with_an_int_is_caught() => Caught.By(() => QueueChecks.SeedSum(WrongSolutions.SeedSumWithAnInt), "overflows");

    [Fact]
    public void SeedSum_including_the_end_is_caught() => Caught.By(() => QueueChecks.SeedSum(WrongSolutions.SeedSumIncludingTheEnd), "249833583000");

    [Fact]
    public void Job_putting_twice_is_caught() => Caught.By(() => QueueChecks.JobPutsItsSumFromAChild(WrongSolutions.JobPuttingTwice), "exactly one item");

    [Fact]
    public void CourseProgram_doubling_one_result_is_caught() =>
        Caught.By(() => QueueChecks.TheCourseProgram(WrongSolutions.CourseProgramDoublingOneResult), "took 1 item");

    [Fact]
    public void CourseProgram_running_one_after_the_other_is_caught() =>
        Caught.By(() => QueueChecks.TheCourseProgram(WrongSolutions.CourseProgramOneAfterTheOther), "the last Start came after the first Join");

    [Fact]
    public void CourseProgram_without_Join_is_caught() =>
        Caught.By(() => QueueChecks.TheCourseProgram(WrongSolutions.CourseProgramWithoutJoin), "returned without joining");

    [Fact]
    public void SumWithWorkers_joining_all_but_the_last_is_caught() =>
        Caught.By(() => QueueChecks.SumWithWorkers(WrongSolutions.SumWithWorkersJoiningAllButTheLast), "returned without joining");

    [Fact]
    public void ProducerConsumer_without_joining_the_producer_is_caught() =>
        Caught.By(() => QueueChecks.ProducerConsumer(WrongSolutions.ProducerConsumerWithoutJoiningTheProducer), "(running QueueKata.Producer)");

    [Fact]
    public void SumWithWorkers_computed_by_the_parent_is_caught() =>
        Caught.By(() => QueueChecks.SumWithWorkers(WrongSolutions.SumWithWorkersComputedByTheParent), "only carry them");

    [Fact]
    public void SumWithWorkers_one_at_a_time_is_caught() =>
        Caught.By(() => QueueChecks.SumWithWorkers(WrongSolutions.SumWithWorkersOneAtATime), "the last Start came after the first Join");

    [Fact]
    public void SumWithWorkers_getting_before_starting_is_caught() =>
        Caught.By(() => QueueChecks.SumWithWorkers(WrongSolutions.SumWithWorkersGettingBeforeStarting, TimeSpan.FromSeconds(3)), "start the worker processes before you Get");

    [Fact]
    public void Producer_without_the_sentinel_is_caught() =>
        Caught.By(() => QueueChecks.ProducerPutsEveryItemThenTheSentinel(WrongSolutions.ProducerWithoutTheSentinel), "Stop sentinel");

    [Fact]
    public void Producer_with_the_sentinel_first_is_caught() =>
        Caught.By(() => QueueChecks.ProducerPutsEveryItemThenTheSentinel(WrongSolutions.ProducerWithTheSentinelFirst), "last");

    [Fact]
    public void Consumer_adding_the_sentinel_is_caught() =>
        Caught.By(() => QueueChecks.ConsumerWaitsForTheSentinelAndStopsThere(WrongSolutions.ConsumerAddingTheSentinel), "added the sentinel");

    [Fact]
    public void Consumer_stopping_when_the_queue_is_empty_is_caught() =>
        Caught.By(() => QueueChecks.ConsumerWaitsForTheSentinelAndStopsThere(WrongSolutions.ConsumerStoppingWhenTheQueueIsEmpty), "ended before any item arrived");

    [Fact]
    public void Consumer_putting_running_totals_is_caught() =>
        Caught.By(() => QueueChecks.ConsumerWaitsForTheSentinelAndStopsThere(WrongSolutions.ConsumerPuttingRunningTotals), "one result");

    [Fact]
    public void ProducerConsumer_one_after_the_other_is_caught() =>
        Caught.By(() => QueueChecks.ProducerConsumer(WrongSolutions.ProducerConsumerOneAfterTheOther), "the last Start came after the first Join");

    [Fact]
    public void ProducerConsumer_consuming_in_the_parent_is_caught() =>
        Caught.By(() => QueueChecks.ProducerConsumer(WrongSolutions.ProducerConsumerConsumingInTheParent), "two processes");
}
