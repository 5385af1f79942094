using Kata.Repo;
using Kata.Tests.Support;

namespace Kata.Tests;

/// <summary>
/// The grading manifest (grading.sha256, written by the instructor with checksum --grading --write):
/// a grading run refuses to grade while a file only the instructor may change differs, naming it.
/// </summary>
public sealed class GradeTamperTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public GradeTamperTests()
    {
        _repo.Write("src/Harness/Mp.cs", "namespace Harness;\npublic static class Mp { }\n");
        _repo.Write("src/Kata/Program.cs", "// the grading tool\n");
        _repo.Write("grading.json", """{ "points": { "01-processes": { "Test_1": 2 } } }""");
        _repo.Write(".github/workflows/grade.yml", "name: Grade\n");
        _repo.Write("tests/Harness.Tests/MpTests.cs", "// harness tests\n");
        _repo.Write("src/Harness/bin/Debug/Harness.dll", "build output, never protected");
    }

    public void Dispose() => _repo.Dispose();

    private async Task<ToolHarness> WriteManifestAsync()
    {
        var tool = new ToolHarness(_repo);
        (await tool.RunAsync("checksum", "--grading", "--write")).Should().Be(0, tool.Output);
        tool.Runner.With("01-processes", 2, 0).With("02-queues", 2, 0);
        return tool;
    }

    [Fact]
    public async Task The_manifest_covers_tests_src_the_settings_and_the_workflow_but_not_build_output()
    {
        await WriteManifestAsync();

        string manifest = _repo.Read(GradingManifest.FileName);
        manifest.Should().Contain("  tests/Katas.Tests/02-queues/Tests.cs\n").And.Contain("  tests/Harness.Tests/MpTests.cs\n")
            .And.Contain("  src/Harness/Mp.cs\n").And.Contain("  src/Kata/Program.cs\n")
            .And.Contain("  grading.json\n").And.Contain("  .github/workflows/grade.yml\n");
        manifest.Should().NotContain("bin/", "build output is not the instructor's").And.NotContain("katas/01-processes", "the learner's code is theirs to change");
    }

    [Fact]
    public async Task Unchanged_protected_files_are_graded()
    {
        ToolHarness tool = await WriteManifestAsync();
        _repo.Write("katas/01-processes/Kata.cs", "// the learner's work, which is theirs to change\n");
        tool.Runner.WithRun(new Kata.Running.KataRun("01-processes",
            [new("Katas.Tests.P.Test_1", Kata.Running.TestOutcome.Passed), new("Katas.Tests.P.Test_2", Kata.Running.TestOutcome.Passed)]));

        int exit = await tool.RunAsync("grade", "--format", "junit");

        exit.Should().Be(0, tool.Output);
        tool.Output.Should().Contain("5/5 points", "Test_1 of 01-processes is worth 2");
    }

    [Theory]
    [InlineData("tests/Katas.Tests/02-queues/Tests.cs", "tests/Katas.Tests/02-queues/Tests.cs (changed)")]
    [InlineData("src/Harness/Mp.cs", "src/Harness/Mp.cs (changed)")]
    [InlineData("grading.json", "grading.json (changed)")]
    [InlineData(".github/workflows/grade.yml", ".github/workflows/grade.yml (changed)")]
    [InlineData("tests/Katas.Tests/02-queues/Extra.cs", "tests/Katas.Tests/02-queues/Extra.cs (added)")]
    public async Task A_changed_protected_file_is_refused_naming_it_before_anything_runs(string file, string named)
    {
        ToolHarness tool = await WriteManifestAsync();
        _repo.Write(file, "// changed by the learner\n");

        int exit = await tool.RunAsync("grade", "--format", "classroom50");

        exit.Should().Be(2);
        tool.Output.ReplaceLineEndings(" ").Should().Contain("Not graded: 1 file that only the instructor may change differs from the grading manifest (grading.sha256)")
            .And.Contain(named);
        tool.Runner.Calls.Should().BeEmpty("nothing is built or run for a refused grade");
        File.Exists(Path.Combine(_repo.Root, "result.json")).Should().BeFalse("a refused grade writes no points");
    }

    [Fact]
    public async Task A_deleted_workflow_is_refused_too()
    {
        ToolHarness tool = await WriteManifestAsync();
        File.Delete(Path.Combine(_repo.Root, ".github/workflows/grade.yml"));

        int exit = await tool.RunAsync("grade");

        exit.Should().Be(2);
        tool.Output.Should().Contain(".github/workflows/grade.yml (deleted)");
    }

    [Fact]
    public async Task A_manifest_kept_outside_the_learners_reach_is_used_with_manifest()
    {
        ToolHarness tool = await WriteManifestAsync();
        string instructors = Path.Combine(_repo.Root, "..", $"manifest-{Guid.NewGuid():N}.sha256");
        File.Move(Path.Combine(_repo.Root, GradingManifest.FileName), instructors);
        try
        {
            _repo.Write("src/Harness/Mp.cs", "// a harness that lets every test pass\n");

            int refused = await tool.RunAsync("grade", "--manifest", instructors);
            int graded = await tool.RunAsync("grade");

            refused.Should().Be(2, "the instructor's manifest sees the change even with no grading.sha256 in the repository");
            graded.Should().Be(0, "without a manifest there is nothing to compare with");
        }
        finally
        {
            File.Delete(instructors);
        }
    }

    [Fact]
    public async Task Checksum_grading_tells_whether_the_protected_files_match()
    {
        ToolHarness tool = await WriteManifestAsync();
        int same = await tool.RunAsync("checksum", "--grading");
        _repo.Write("tests/Katas.Tests/01-processes/Tests.cs", "// edited\n");
        int differs = await tool.RunAsync("checksum", "--grading");

        (same, differs).Should().Be((0, 1));
        tool.Output.Should().Contain("The protected files match the grading manifest").And.Contain("tests/Katas.Tests/01-processes/Tests.cs (changed)");
    }
}
