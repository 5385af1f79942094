using Kata.Tests.Support;

namespace Kata.Tests;

public sealed class WatchTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task A_burst_of_saves_reruns_the_tests_once_and_build_output_is_ignored()
    {
        var tool = new ToolHarness(_repo).Interactive();
        var watcher = (FakeWatcher)tool.Watcher;
        tool.Runner.With("01-processes", 0, 2);
        tool.Runner.AfterRun = n =>
        {
            if (n == 1)
            {
                // Saves arrive from the watcher's thread while the loop waits.
                _ = Task.Run(() =>
                {
                    watcher.Fire(Path.Combine(_repo.Root, "katas", "obj", "Debug", "Gen.cs"));
                    for (int i = 0; i < 5; i++)
                    {
                        watcher.Fire(Path.Combine(_repo.Root, "katas", "01-processes", "Kata.cs"));
                    }
                });
            }
            else
            {
                tool.Console.Input.PushKey(ConsoleKey.Q);
            }
        };

        int exit = await tool.RunAsync("watch");

        exit.Should().Be(0);
        tool.Runner.RunCount.Should().Be(2, "the first check, then one more for the burst of saves (debounced)");
        watcher.Directory.Should().Be(Path.Combine(_repo.Root, "katas"));
        tool.Output.Should().Contain("Press r to rerun, q to quit");
    }

    [Fact]
    public async Task The_r_key_reruns_by_hand()
    {
        var tool = new ToolHarness(_repo).Interactive();
        tool.Runner.With("01-processes", 0, 2);
        tool.Runner.AfterRun = n => tool.Console.Input.PushKey(n < 3 ? ConsoleKey.R : ConsoleKey.Q);

        await tool.RunAsync("watch");

        tool.Runner.RunCount.Should().Be(3);
    }

    [Fact]
    public async Task Watch_moves_on_to_the_next_kata_when_one_is_done_and_stops_when_all_are()
    {
        var tool = new ToolHarness(_repo).Interactive();
        tool.Runner.With("01-processes", 2, 0).With("02-queues", 2, 0);
        tool.Runner.AfterRun = _ => tool.Console.Input.PushKey(ConsoleKey.R);

        int exit = await tool.RunAsync("watch");

        exit.Should().Be(0);
        tool.Runner.Calls.Should().Equal("build Katas", "run Katas 01-processes", "build Katas", "run Katas 02-queues");
        tool.Output.Should().Contain("Every kata is done");
    }
}

public sealed class HintTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Hints_come_one_at_a_time_and_the_last_one_says_so()
    {
        var tool = new ToolHarness(_repo);

        await tool.RunAsync("hint");
        tool.Output.Should().Contain("Hint 1 (1 of 2)").And.Contain("Start small.").And.NotContain("Join what you start.");

        await tool.RunAsync("hint");
        tool.Output.Should().Contain("Hint 2 (2 of 2)").And.Contain("Join what you start.").And.Contain("That was the last hint");

        await tool.RunAsync("hint");
        tool.Output.Split("Hint 2 (2 of 2)").Should().HaveCount(3, "past the last hint, the last one is shown again");
    }

    [Fact]
    public async Task Hint_progress_is_kept_per_kata()
    {
        var tool = new ToolHarness(_repo);
        await tool.RunAsync("hint", "01");

        await tool.RunAsync("hint", "02");

        tool.Output.Split("Hint 1 (1 of 2)").Should().HaveCount(3, "kata 02 starts at its own first hint");
    }

    [Fact]
    public async Task A_kata_without_hints_says_so()
    {
        File.Delete(Path.Combine(_repo.Root, "katas", "01-processes", "HINTS.md"));
        var tool = new ToolHarness(_repo);

        int exit = await tool.RunAsync("hint");

        exit.Should().Be(0);
        tool.Output.Should().Contain("01-processes has no hints");
    }
}

public sealed class SolutionTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Before_the_kata_passes_it_asks_and_shows_the_diff_on_yes()
    {
        var tool = new ToolHarness(_repo).Interactive();
        tool.Console.Input.PushTextWithEnter("y");

        int exit = await tool.RunAsync("solution");

        exit.Should().Be(0);
        tool.Output.Should().Contain("has not been checked yet").And.Contain("Show it anyway?");
        tool.Output.Should().Contain("- ").And.Contain("throw new NotImplementedException()").And.Contain("+ ").And.Contain("=> 42");
    }

    [Fact]
    public async Task Answering_no_shows_nothing()
    {
        var tool = new ToolHarness(_repo).Interactive();
        tool.Console.Input.PushTextWithEnter("n");

        int exit = await tool.RunAsync("solution");

        exit.Should().Be(KataApp.ErrorExitCode);
        tool.Output.Should().Contain("Cancelled").And.NotContain("=> 42");
    }

    [Fact]
    public async Task A_console_that_cannot_answer_needs_yes()
    {
        var tool = new ToolHarness(_repo);

        int exit = await tool.RunAsync("solution");

        exit.Should().Be(KataApp.ErrorExitCode);
        tool.Output.Should().Contain("--yes").And.NotContain("=> 42");
    }

    [Fact]
    public async Task Yes_skips_the_question()
    {
        var tool = new ToolHarness(_repo);

        int exit = await tool.RunAsync("solution", "--yes");

        exit.Should().Be(0);
        tool.Output.Should().Contain("=> 42").And.NotContain("Show it anyway?");
    }

    [Fact]
    public async Task A_passed_kata_shows_the_solution_without_asking()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", 2, 0);
        await tool.RunAsync("check");

        int exit = await tool.RunAsync("solution", "01");

        exit.Should().Be(0);
        tool.Output.Should().Contain("=> 42").And.NotContain("Show it anyway?");
    }

    [Fact]
    public async Task Code_identical_to_the_solution_says_so()
    {
        _repo.Write("katas/01-processes/Kata.cs", _repo.Read("solutions/01-processes/Kata.cs"));
        var tool = new ToolHarness(_repo);

        await tool.RunAsync("solution", "--yes");

        tool.Output.Should().Contain("Same as the reference solution");
    }

    [Fact]
    public async Task A_kata_without_a_solution_is_an_error()
    {
        Directory.Delete(Path.Combine(_repo.Root, "solutions", "02-queues"), recursive: true);
        var tool = new ToolHarness(_repo);

        int exit = await tool.RunAsync("solution", "02", "--yes");

        exit.Should().Be(KataApp.ErrorExitCode);
        tool.Output.Should().Contain("no reference solution for 02-queues");
    }
}

public sealed class HintNavigationTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public HintNavigationTests() =>
        _repo.Write("katas/01-processes/HINTS.md", "# Hints\n\n## Hint 1\nFirst.\n\n## Hint 2\nSecond.\n\n## Hint 3\nThird.\n");

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Back_shows_the_hint_before_the_last_one_and_the_next_hint_goes_on_from_there()
    {
        var tool = new ToolHarness(_repo);
        await tool.RunAsync("hint");
        await tool.RunAsync("hint");

        await tool.RunAsync("hint", "--back");
        tool.Output.Split("Hint 1 (1 of 3)").Should().HaveCount(3, "--back after hint 2 shows hint 1 again");

        await tool.RunAsync("hint");
        tool.Output.Split("Hint 2 (2 of 3)").Should().HaveCount(3, "the next plain hint goes on after the one shown");
    }

    [Fact]
    public async Task All_shows_every_hint_of_the_kata()
    {
        var tool = new ToolHarness(_repo);

        await tool.RunAsync("hint", "--all");

        tool.Output.Should().Contain("Hint 1 (1 of 3)").And.Contain("Hint 2 (2 of 3)").And.Contain("Hint 3 (3 of 3)").And.Contain("That was the last hint");
    }

    [Fact]
    public async Task A_name_far_from_every_kata_gets_the_list_of_katas_not_a_wild_guess()
    {
        var tool = new ToolHarness(_repo);

        int exit = await tool.RunAsync("hint", "foo");

        exit.Should().Be(KataApp.ErrorExitCode);
        tool.Output.Should().Contain("There is no kata 'foo'").And.NotContain("Did you mean").And.Contain("01-processes, 02-queues");
    }

    [Fact]
    public async Task Help_is_a_command_too()
    {
        var tool = new ToolHarness(_repo);

        int exit = await tool.RunAsync("help");
        int checkHelp = await tool.RunAsync("help", "check");

        exit.Should().Be(0);
        checkHelp.Should().Be(0);
        tool.Output.Should().Contain("check").And.Contain("hint").And.Contain("--verbose");
    }
}

public sealed class WatchScreenTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Watch_clears_the_screen_before_each_rerun_when_it_is_a_terminal()
    {
        var tool = new ToolHarness(_repo).Interactive();
        tool.Console.EmitAnsiSequences = true;
        tool.Runner.With("01-processes", 0, 2);
        tool.Runner.AfterRun = n => tool.Console.Input.PushKey(n < 2 ? ConsoleKey.R : ConsoleKey.Q);

        await tool.RunAsync("watch");

        tool.Output.Split("\u001b[2J").Should().HaveCount(2, "the second run starts on a clean screen, the first does not clear what was there");
    }
}
