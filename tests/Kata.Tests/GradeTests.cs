using System.Text;
using System.Text.Json;
using Kata.Repo;
using Kata.Running;
using Kata.Tests.Support;

namespace Kata.Tests;

public sealed class GradeTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Points_are_counted_per_passing_test_not_per_kata()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", passed: 2, failed: 0).With("02-queues", passed: 1, failed: 1);

        int exit = await tool.RunAsync("grade");

        exit.Should().Be(1, "grade fails while any kata fails");
        tool.Output.Should().Contain("3/4 points");
        tool.Runner.Calls.Should().Equal("build Katas", "run Katas 01-processes", "run Katas 02-queues");
    }

    [Fact]
    public async Task A_fresh_clone_gets_zero_points_out_of_every_test()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", 0, 2).With("02-queues", 0, 2);

        int exit = await tool.RunAsync("grade");

        exit.Should().Be(1);
        tool.Output.Should().Contain("0/4 points");
    }

    [Fact]
    public async Task The_reference_solutions_are_graded_with_source_solutions()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", 2, 0, KataSource.Solutions).With("02-queues", 2, 0, KataSource.Solutions);

        int exit = await tool.RunAsync("grade", "--source", "solutions");

        exit.Should().Be(0);
        tool.Output.Should().Contain("4/4 points: every kata passes");
        tool.Runner.Calls.Should().Equal("build Solutions", "run Solutions 01-processes", "run Solutions 02-queues");
    }

    [Fact]
    public async Task An_unknown_source_is_refused()
    {
        var tool = new ToolHarness(_repo);

        int exit = await tool.RunAsync("grade", "--source", "mine");

        exit.Should().NotBe(0);
        tool.Output.Should().Contain("--source must be 'katas' or 'solutions'");
        tool.Runner.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task With_github_it_writes_the_summary_the_result_file_and_the_points_as_step_outputs()
    {
        string summary = _repo.Write("summary.md", "");
        string output = _repo.Write("output.txt", "");
        var tool = new ToolHarness(_repo);
        tool.Environment["GITHUB_STEP_SUMMARY"] = summary;
        tool.Environment["GITHUB_OUTPUT"] = output;
        tool.Runner.With("01-processes", 2, 0).With("02-queues", 1, 1);

        await tool.RunAsync("grade", "--format", "github");

        string markdown = File.ReadAllText(summary);
        markdown.Should().Contain("## Kata grade: 3 / 4 points").And.Contain("| 01-processes | 2/2 | 2/2 | ✅ |").And.Contain("| 02-queues | 1/2 | 1/2 | ❌ |");
        markdown.Should().Contain("Failing test 1 (1 point): Expected the answer to be 42");
        tool.Runner.Calls.Should().Contain("run Katas 02-queues github", "the runner writes the annotations of failed tests");

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_repo.Root, "artifacts", "grade.json")));
        json.RootElement.GetProperty("points").GetInt32().Should().Be(3);
        json.RootElement.GetProperty("katas")[1].GetProperty("tests").GetArrayLength().Should().Be(2);

        File.ReadAllLines(output).Should().Contain(["points=3", "max-points=4"]);
    }

    [Fact]
    public async Task The_test_loggers_annotations_reach_the_job_log()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", 2, 0).With("02-queues", 1, 1)
            .WithWorkflowCommands("02-queues", "::error file=tests/Katas.Tests/02-queues/Tests.cs,line=3::Failing_test_1");

        await tool.RunAsync("grade", "--github");

        tool.RawOut.ToString().Should().Contain("::error file=tests/Katas.Tests/02-queues/Tests.cs,line=3::Failing_test_1",
            "the logger's output is captured by the tool, so the tool must print its annotations for GitHub to see them");
    }

    [Fact]
    public async Task A_build_failure_gives_zero_of_the_declared_tests_and_annotates_the_error()
    {
        string summary = _repo.Write("summary.md", "");
        var tool = new ToolHarness(_repo);
        tool.Environment["GITHUB_STEP_SUMMARY"] = summary;
        tool.Runner.BuildFails(KataSource.Katas, new BuildError("katas/02-queues/Kata.cs(4,5): CS1002: ; expected", "katas/02-queues/Kata.cs", 4, 5));

        int exit = await tool.RunAsync("grade", "--github");

        exit.Should().Be(1);
        tool.Output.Should().Contain("0/4 points");
        File.ReadAllText(summary).Should().Contain("does not build").And.Contain("CS1002");
        tool.RawOut.ToString().Should().Contain("::error file=katas/02-queues/Kata.cs,line=4,col=5::");
    }

    [Fact]
    public async Task Edited_tests_are_reported_and_fail_the_grade()
    {
        _repo.Write(TestChecksum.FileName, TestChecksum.Compute(_repo.Root));
        _repo.Write("tests/Katas.Tests/02-queues/Tests.cs", "[Trait(\"Kata\", \"02-queues\")]\npublic class Gone { }\n");
        string summary = _repo.Write("summary.md", "");
        var tool = new ToolHarness(_repo);
        tool.Environment["GITHUB_STEP_SUMMARY"] = summary;
        tool.Runner.With("01-processes", 2, 0).With("02-queues", 2, 0);

        int exit = await tool.RunAsync("grade", "--github");

        exit.Should().Be(1, "points from edited tests do not count");
        tool.Output.Should().Contain("The kata tests were edited").And.Contain("tests/Katas.Tests/02-queues/Tests.cs (changed)");
        File.ReadAllText(summary).Should().Contain("The kata tests were edited").And.Contain("02-queues/Tests.cs (changed)");
    }

    [Fact]
    public async Task Grading_the_learner_code_updates_the_dashboard()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", 2, 0).With("02-queues", 1, 1);
        await tool.RunAsync("grade");

        await tool.RunAsync();

        tool.Output.Should().Contain("1 of 2 katas done").And.Contain("Next: 02-queues");
    }

    [Fact]
    public async Task Markdown_can_be_written_to_a_file()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", 2, 0).With("02-queues", 2, 0);
        string path = Path.Combine(_repo.Root, "grade.md");

        await tool.RunAsync("grade", "--markdown", path);

        File.ReadAllText(path).Should().Contain("## Kata grade: 4 / 4 points");
    }
}
