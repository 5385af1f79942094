using Kata.Running;
using Kata.Tests.Support;

namespace Kata.Tests;

public sealed class DashboardTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task A_fresh_clone_shows_every_kata_at_zero_and_the_first_as_next()
    {
        var tool = new ToolHarness(_repo);

        int exit = await tool.RunAsync();

        exit.Should().Be(0);
        tool.Output.Should().Contain("processes").And.Contain("queues");
        tool.Output.Should().Contain("0/2", "each fake kata declares two tests and none has run");
        tool.Output.Should().Contain("0 of 2 katas done");
        tool.Output.Should().Contain("Next: 01-processes").And.Contain("Learn processes for real.", "the opening of the README is shown");
        tool.Output.Should().NotContain("学习", "the dashboard shows the English opening, not the translation");
        tool.Output.Should().Contain("Check: kata check").And.Contain(OperatingSystem.IsWindows() ? "kata is short for dotnet run --project src/Kata --" : "kata is the script ./kata",
            "the one learner command, defined once");
    }

    [Fact]
    public async Task After_a_passing_check_the_next_kata_is_the_first_not_done()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", passed: 2, failed: 0).With("02-queues", passed: 1, failed: 1);
        await tool.RunAsync("check", "01");
        await tool.RunAsync("check", "02");

        await tool.RunAsync();

        tool.Output.Should().Contain("2/2").And.Contain("1/2").And.Contain("done").And.Contain("in progress");
        tool.Output.Should().Contain("Next: 02-queues");
    }

    [Fact]
    public async Task An_edited_kata_is_marked_as_changed_since_its_last_check()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", passed: 1, failed: 1);
        await tool.RunAsync("check");
        _repo.Write("katas/01-processes/Kata.cs", "// work in progress\n");

        await tool.RunAsync();

        tool.Output.Should().Contain("edited since");
    }

    [Fact]
    public async Task When_every_kata_is_done_it_points_to_grade()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", 2, 0).With("02-queues", 2, 0);
        await tool.RunAsync("check", "1");
        await tool.RunAsync("check", "2");

        await tool.RunAsync();

        tool.Output.Should().Contain("Every kata is done").And.Contain("grade");
    }

    [Fact]
    public async Task A_new_kata_folder_appears_without_any_list_to_update()
    {
        _repo.AddKata("03-efficiency", tests: 4);
        var tool = new ToolHarness(_repo);

        await tool.RunAsync();

        tool.Output.Should().Contain("efficiency").And.Contain("0/4");
    }

    [Fact]
    public async Task Outside_the_repository_it_fails_with_a_clear_error()
    {
        var tool = new ToolHarness(_repo, workingDirectory: Path.GetTempPath());

        int exit = await tool.RunAsync();

        exit.Should().Be(KataApp.ErrorExitCode);
        tool.Output.Should().Contain("error:").And.Contain("not inside the kata repository");
    }
}
