using Katas.Efficiency;

namespace Katas.Tests.Efficiency;

/// <summary>The process meeting passes its barrier through the environment: its tests never run beside each other.</summary>
[CollectionDefinition("03-efficiency meetings")]
public sealed class MeetingTests;

[Trait("Kata", "03-efficiency")]
[Collection("03-efficiency meetings")]
public sealed class EfficiencyKataTests
{
    [Fact]
    public void Sum_adds_i_plus_i_squared_plus_i_cubed() => EfficiencyChecks.SumAddsTheSeries(EfficiencyKata.Sum);

    [Fact]
    public void Sum_of_the_course_range_does_not_overflow() => EfficiencyChecks.SumOfTheCourseRangeDoesNotOverflow(EfficiencyKata.Sum);

    [Fact]
    public void ClosedForm_gives_the_course_figure() => EfficiencyChecks.ClosedFormGivesTheCourseFigure(EfficiencyKata.ClosedForm);

    [Fact]
    public void ClosedForm_equals_Sum_for_any_n() => EfficiencyChecks.ClosedFormEqualsSum(EfficiencyKata.ClosedForm, EfficiencyKata.Sum);

    [Fact]
    public void A_negative_n_is_refused() => EfficiencyChecks.ANegativeNIsRefused(EfficiencyKata.Sum, EfficiencyKata.ClosedForm);

    [Fact]
    public void Job_puts_its_sum_as_text_from_a_child_process() => EfficiencyChecks.JobPutsItsSumAsTextFromAChild(EfficiencyKata.Job);

    [Fact]
    public void Normal_runs_the_job_twice_one_after_the_other() => EfficiencyChecks.NormalRunsTheJobTwiceOneAfterTheOther(EfficiencyKata.Normal);

    [Fact]
    public void MultiThread_gives_the_serial_result_for_any_n() => EfficiencyChecks.MultiThreadGivesTheSerialResult(EfficiencyKata.MultiThread);

    [Fact]
    public void MultiCore_gives_the_course_figure_and_the_serial_result_for_any_n() =>
        EfficiencyChecks.MultiCoreGivesTheSerialResult(EfficiencyKata.MultiCore);

    [Fact]
    public void MultiThread_runs_the_two_jobs_on_two_threads_at_the_same_time() =>
        EfficiencyChecks.MultiThreadRunsBothJobsAtOnce(EfficiencyKata.MultiThread, EfficiencyChecks.Patience);

    [Fact]
    public Task MultiCore_runs_the_two_jobs_in_two_processes_at_the_same_time() =>
        EfficiencyChecks.MultiCoreRunsBothJobsAtOnce(EfficiencyKata.MultiCore, EfficiencyChecks.Patience);
}
