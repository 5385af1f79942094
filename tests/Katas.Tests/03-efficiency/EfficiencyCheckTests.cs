using Katas.Efficiency;

namespace Katas.Tests.Efficiency;

/// <summary>Each wrong solution of kata 03, put through the check that must catch it.</summary>
[Trait("Fixture", "03-efficiency")]
[Collection("03-efficiency meetings")]
public sealed class EfficiencyCheckTests
{
    /// <summary>A wrong solution's jobs never meet, however long they wait: no need to wait long.</summary>
    private static readonly TimeSpan s_shortPatience = TimeSpan.FromSeconds(2);

    [Fact]
    public void Sum_widening_after_multiplying_is_caught() =>
        Caught.By(() => EfficiencyChecks.SumOfTheCourseRangeDoesNotOverflow(WrongSolutions.SumWideningTooLate), "Widen i to Int128 before you multiply");

    [Fact]
    public void ClosedForm_in_long_is_caught() =>
        Caught.By(() => EfficiencyChecks.ClosedFormGivesTheCourseFigure(WrongSolutions.ClosedFormInLong), "Int128");

    [Fact]
    public void Sum_accepting_a_negative_n_is_caught() =>
        Caught.By(() => EfficiencyChecks.ANegativeNIsRefused(WrongSolutions.SumAcceptingANegativeN, EfficiencyKata.ClosedForm), "ArgumentOutOfRangeException");

    [Fact]
    public void Normal_doubling_one_run_is_caught() =>
        Caught.By(() => EfficiencyChecks.NormalRunsTheJobTwiceOneAfterTheOther(WrongSolutions.NormalDoublingOneRun), "1 time(s)");

    [Fact]
    public void Normal_from_the_closed_form_is_caught() =>
        Caught.By(() => EfficiencyChecks.NormalRunsTheJobTwiceOneAfterTheOther(WrongSolutions.NormalFromTheClosedForm), "0 time(s)");

    [Fact]
    public void MultiThread_one_after_the_other_is_caught() =>
        Caught.By(() => EfficiencyChecks.MultiThreadRunsBothJobsAtOnce(WrongSolutions.MultiThreadOneAfterTheOther, s_shortPatience), "at the same time");

    [Fact]
    public void MultiThread_ignoring_the_queue_is_caught() =>
        Caught.By(() => EfficiencyChecks.MultiThreadRunsBothJobsAtOnce(WrongSolutions.MultiThreadIgnoringTheQueue, s_shortPatience), "read both items");

    [Fact]
    public void MultiCore_without_Join_is_caught() =>
        Caught.By(() => EfficiencyChecks.MultiCoreGivesTheSerialResult(WrongSolutions.MultiCoreWithoutJoin), "returned without joining");

    [Fact]
    public Task MultiCore_one_after_the_other_is_caught() =>
        CaughtAsync(() => EfficiencyChecks.MultiCoreRunsBothJobsAtOnce(WrongSolutions.MultiCoreOneAfterTheOther, s_shortPatience), "at the same time");

    [Fact]
    public Task MultiCore_ignoring_its_job_is_caught() =>
        CaughtAsync(() => EfficiencyChecks.MultiCoreRunsBothJobsAtOnce(WrongSolutions.MultiCoreIgnoringItsJob, s_shortPatience), "did not run the job it was given");

    [Fact]
    public Task MultiCore_doubling_one_item_is_caught() =>
        CaughtAsync(() => EfficiencyChecks.MultiCoreRunsBothJobsAtOnce(WrongSolutions.MultiCoreDoublingOneItem, EfficiencyChecks.Patience), "read both items");

    private static async Task CaughtAsync(Func<Task> check, string clue)
    {
        try
        {
            await check();
        }
        catch (KataFailure failure)
        {
            Assert.Contains(clue, failure.Message, StringComparison.OrdinalIgnoreCase);
            return;
        }
        Assert.Fail("The check let this wrong solution pass.");
    }
}
