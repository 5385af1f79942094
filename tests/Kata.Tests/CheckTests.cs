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
        tool.Output.Should().Contain("✔ PASS Passing test 1").And.Contain("Done!").And.Contain("Next kata: 02-queues");
        tool.Runner.Calls.Should().Equal("build Katas", "run Katas 01-processes");
    }

    [Fact]
    public async Task A_failing_test_shows_its_teaching_message_and_the_kata_is_not_done()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", passed: 1, failed: 1);

        int exit = await tool.RunAsync("check");

        exit.Should().Be(1);
        tool.Output.Should().Contain("✘ FAIL Failing test 1").And.Contain("because the course says so");
        tool.Output.Should().Contain("1 of 2 tests pass").And.NotContain("Done!");
        tool.Output.Should().Contain("hint 01-processes");
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
}
