using Kata.Running;
using Kata.Tests.Support;

namespace Kata.Tests;

public sealed class CheckTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task A_kata_whose_tests_all_pass_is_done()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", passed: 2, failed: 0);

        int exit = await tool.RunAsync("check", "01-processes");

        exit.Should().Be(0, "check exits 0 only when every test passes");
        tool.Output.Should().Contain("✓ Passing test 1").And.Contain("Done!").And.Contain("Next: 02-queues, the first kata not done yet");
        tool.Runner.Calls.Should().Equal("build Katas", "run Katas 01-processes");
    }

    [Fact]
    public async Task A_failing_test_shows_its_teaching_message_and_the_kata_is_not_done()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", passed: 1, failed: 1);

        int exit = await tool.RunAsync("check");

        exit.Should().Be(1);
        tool.Output.Should().Contain("✘ Failing test 1").And.Contain("because the course says so");
        tool.Output.Should().Contain("1 of 2 tests pass").And.NotContain("Done!");
        tool.Output.Should().Contain("kata hint 01-processes");
    }

    [Fact]
    public async Task A_run_that_was_cut_short_is_not_done_even_if_what_ran_passed()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", passed: 2, failed: 0, problem: "the test run was aborted: the test host crashed");

        int exit = await tool.RunAsync("check");

        exit.Should().Be(1);
        tool.Output.Should().Contain("The test run was aborted").And.NotContain("Done!");
    }

    [Fact]
    public async Task A_build_failure_shows_the_compiler_error()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.BuildFails(KataSource.Katas, new BuildError("katas/01-processes/Kata.cs(4,5): CS1002: ; expected", "katas/01-processes/Kata.cs", 4, 5));

        int exit = await tool.RunAsync("check");

        exit.Should().Be(1);
        tool.Output.Should().Contain("The build failed").And.Contain("katas/01-processes/Kata.cs(4,5): CS1002: ; expected");
        tool.Runner.Calls.Should().Equal(["build Katas"], "no test can run when the code does not build");
    }

    [Fact]
    public async Task Without_a_name_it_checks_the_first_kata_not_done()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", 2, 0).With("02-queues", 0, 2);
        await tool.RunAsync("check");

        await tool.RunAsync("check");

        tool.Runner.Calls.Should().Equal("build Katas", "run Katas 01-processes", "build Katas", "run Katas 02-queues");
    }

    [Fact]
    public async Task A_wrong_kata_name_is_an_error_with_a_suggestion()
    {
        var tool = new ToolHarness(_repo);

        int exit = await tool.RunAsync("check", "proceses");

        exit.Should().Be(KataApp.ErrorExitCode);
        tool.Output.Should().Contain("no kata 'proceses'").And.Contain("Did you mean '01-processes'?");
        tool.Runner.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_kata_without_tests_says_so()
    {
        var tool = new ToolHarness(_repo);

        int exit = await tool.RunAsync("check", "02");

        exit.Should().Be(1);
        tool.Output.Should().Contain("No tests found for this kata");
    }

    [Fact]
    public async Task A_passing_kata_checked_again_unchanged_shows_its_last_results_without_running()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", passed: 2, failed: 0);
        await tool.RunAsync("check", "01");

        int exit = await tool.RunAsync("check", "01");

        exit.Should().Be(0);
        tool.Runner.Calls.Should().Equal(["build Katas", "run Katas 01-processes"], "nothing the tests read changed, and they passed");
        tool.Output.Should().Contain("Nothing changed since your last check").And.Contain("--rerun");
        tool.Output.Split("✓ Passing test 2").Should().HaveCount(3, "the second check lists the cached results");
    }

    [Fact]
    public async Task Rerun_runs_the_tests_even_when_nothing_changed()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", passed: 2, failed: 0);
        await tool.RunAsync("check", "01");

        await tool.RunAsync("check", "01", "--rerun");

        tool.Runner.RunCount.Should().Be(2);
    }

    [Fact]
    public async Task An_edit_after_a_passing_check_runs_the_tests_again()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", passed: 2, failed: 0);
        await tool.RunAsync("check", "01");
        _repo.Write("katas/01-processes/Kata.cs", "// a new attempt, a little longer than before\n");

        await tool.RunAsync("check", "01");

        tool.Runner.RunCount.Should().Be(2, "the code changed since the last check");
    }

    private static TestCaseResult FailureWithOutput(string kata) => new(
        "Katas.Tests.Queues.QueueKataTests.ProducerConsumer_sums_every_item_once", TestOutcome.Failed,
        "System.AggregateException : One or more errors occurred.\n---- FsCheck.Xunit.PropertyFailedException : Falsifiable, after 1 test (0 shrinks) (1,2)\n---- System.TimeoutException : ProducerConsumer(3) did not finish within 30 s.",
        $"   at Katas.Queues.QueueKata.Consumer(MpQueue`1 items) in /somewhere/katas/{kata}/Kata.cs:line 4\n   at Katas.Tests.Queues.QueueKataTests.Run() in /somewhere/tests/Katas.Tests/{kata}/Tests.cs:line 7")
    {
        Messages = ["ProducerConsumer(3) did not finish within 30 s.", "MpProcess-3 (QueueKata.Consumer) was waiting in Get on the queue 'items' (MpQueue<int>): did the producer put the sentinel?"],
        Output = "[MpProcess-3] consumer started\n[MpProcess-4] producer done\n",
        Duration = TimeSpan.FromSeconds(33.4),
    };

    [Fact]
    public async Task A_failure_shows_its_teaching_messages_alone_what_the_processes_printed_once_and_where_to_look()
    {
        var tool = new ToolHarness(_repo);
        TestCaseResult failure = FailureWithOutput("01-processes");
        tool.Runner.WithRun(new KataRun("01-processes", [failure with { StackTrace = failure.StackTrace!.Replace("/somewhere", _repo.Root, StringComparison.Ordinal) }]));

        int exit = await tool.RunAsync("check", "01");

        exit.Should().Be(1);
        tool.Output.Should().Contain("✘ ProducerConsumer sums every item once 33 s");
        tool.Output.Should().Contain("ProducerConsumer(3) did not finish within 30 s.").And.Contain("did the producer put the sentinel?");
        tool.Output.Should().NotContain("AggregateException").And.NotContain("Falsifiable", "the framework's wrappers are shown only with --verbose");
        tool.Output.Split("[MpProcess-3] consumer started").Should().HaveCount(2, "what the processes printed is shown once");
        tool.Output.Should().Contain("│ [MpProcess-4] producer done");
        tool.Output.Should().Contain("Your code: katas/01-processes/Kata.cs:4").And.Contain("The test:  tests/Katas.Tests/01-processes/Tests.cs:7");
    }

    [Fact]
    public async Task Verbose_shows_the_frameworks_whole_text_and_the_stack_trace()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.WithRun(new KataRun("01-processes", [FailureWithOutput("01-processes")]));

        await tool.RunAsync("check", "01", "--verbose");

        tool.Output.Should().Contain("Falsifiable, after 1 test").And.Contain("at Katas.Queues.QueueKata.Consumer");
    }

    [Fact]
    public async Task Output_shows_what_passing_tests_printed_too()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.WithRun(new KataRun("01-processes", [new TestCaseResult("T.Prints_aaa", TestOutcome.Passed) { Output = "[MpProcess-1] aaa\n" }]));

        await tool.RunAsync("check", "01");
        tool.Output.Should().NotContain("[MpProcess-1] aaa", "a passing test's output is shown only when asked for");

        await tool.RunAsync("check", "01", "--output", "--rerun");
        tool.Output.Should().Contain("│ [MpProcess-1] aaa");
    }

    [Fact]
    public async Task A_run_stopped_at_its_bound_shows_the_finished_tests_and_names_the_one_that_did_not_finish()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.WithRun(new KataRun("02-queues", [new TestCaseResult("T.SeedSum_adds", TestOutcome.Passed)],
            "the test 'ProducerConsumer_sums_every_item_once' was still running after 3 min, so the run was stopped")
        {
            Unfinished = ["T.ProducerConsumer_sums_every_item_once"],
        });

        int exit = await tool.RunAsync("check", "02");

        exit.Should().Be(1);
        tool.Output.Should().Contain("✓ SeedSum adds").And.Contain("'ProducerConsumer_sums_every_item_once' was still running after 3 min");
        tool.Output.Should().Contain("1 of 1 tests pass").And.NotContain("Done!");
    }

    [Fact]
    public async Task After_passing_a_kata_out_of_order_next_is_the_first_kata_not_done_and_check_runs_it()
    {
        _repo.AddKata("03-efficiency");
        var tool = new ToolHarness(_repo);
        tool.Runner.With("03-efficiency", 2, 0).With("01-processes", 0, 2);

        await tool.RunAsync("check", "03");
        tool.Output.Should().Contain("Next: 01-processes, the first kata not done yet").And.NotContain("Next: 02-queues");

        await tool.RunAsync("check");
        tool.Runner.Calls.Should().EndWith("run Katas 01-processes");
    }
}
