using System.Diagnostics;
using System.Text.Json;
using Kata.Repo;
using Kata.Tests.Support;

namespace Kata.Tests;

/// <summary>
/// The Gradescope recipe's scripts (src/Kata/recipes/gradescope), run here on a fake /autograder
/// layout in a temp folder (AUTOGRADER_ROOT), with a stand-in for the tool (KATA_TOOL): what the
/// script takes from the submission, where it runs the tool, and the result it leaves when the tool
/// writes none.
/// </summary>
public sealed class GradescopeRecipeTests : IDisposable
{
    private static readonly string s_recipes = Path.Combine(new RepositoryLocator(AppContext.BaseDirectory).FindRoot(), "src", "Kata", "recipes", "gradescope");

    private readonly FakeRepo _course = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "autograder-" + Guid.NewGuid().ToString("N")[..8]);

    public GradescopeRecipeTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "source"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "source", "course"), _course.Root);
        Directory.CreateDirectory(Path.Combine(_root, "submission"));
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        _course.Dispose();
    }

    private string Submit(string relative, string content)
    {
        string path = Path.Combine(_root, "submission", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>A stand-in for the kata tool: records where and how it ran, then runs <paramref name="then"/>.</summary>
    private string FakeTool(string then)
    {
        string path = Path.Combine(_root, "fake-tool.sh");
        File.WriteAllText(path, $$"""
            #!/usr/bin/env bash
            echo "$PWD $*" > "{{_root}}/tool-ran"
            out=""; prev=""
            for a in "$@"; do [ "$prev" = --gradescope-file ] && out=$a; prev=$a; done
            {{then}}
            """);
        return $"bash {path}";
    }

    private (int Exit, string Output) Run(string script, string? tool = null)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root };
        info.ArgumentList.Add(Path.Combine(s_recipes, script));
        info.Environment["AUTOGRADER_ROOT"] = _root;
        if (tool is not null)
        {
            info.Environment["KATA_TOOL"] = tool;
        }
        using var process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(60_000).Should().BeTrue("the script should end within a minute");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private JsonDocument Results() => JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, "results", "results.json")));

    [Fact]
    public void It_grades_the_courses_copy_with_only_the_learners_kata_code_taken_from_the_submission()
    {
        Submit("katas/01-processes/Kata.cs", "// the learner's answer\n");
        Submit("katas/01-processes/Parts/Helper.cs", "// a file the learner added\n");
        Submit("katas/01-processes/Directory.Build.props", "<Project><!-- not code: left out --></Project>");
        Submit("tests/Katas.Tests/01-processes/Tests.cs", "// a test edited to pass\n");
        string courseTests = _course.Read("tests/Katas.Tests/01-processes/Tests.cs");

        var (exit, output) = Run("run_autograder", FakeTool("""echo '{"score": 3, "tests": []}' > "$out" """));

        exit.Should().Be(0, output);
        File.ReadAllText(Path.Combine(_root, "tool-ran")).Trim().Should().Be(
            $"{Path.Combine(_root, "source", "course")} grade --format gradescope --gradescope-file {_root}/results/results.json");
        _course.Read("katas/01-processes/Kata.cs").Should().Be("// the learner's answer\n");
        _course.Read("katas/01-processes/Parts/Helper.cs").Should().Be("// a file the learner added\n");
        File.Exists(Path.Combine(_course.Root, "katas/01-processes/Directory.Build.props")).Should().BeFalse("only *.cs files are the learner's code");
        _course.Read("tests/Katas.Tests/01-processes/Tests.cs").Should().Be(courseTests, "the course's tests grade, never the submission's");
        _course.Read("katas/02-queues/Kata.cs").Should().Contain("NotImplementedException", "a kata the submission lacks keeps its stub");
        using JsonDocument results = Results();
        results.RootElement.GetProperty("score").GetInt32().Should().Be(3, "the tool's own result is Gradescope's");
    }

    [Fact]
    public void A_repository_zipped_with_its_folder_is_found_one_level_down()
    {
        Submit("katas-main/katas/02-queues/Kata.cs", "// from a zip of the whole folder\n");

        Run("run_autograder", FakeTool("""echo '{"score": 1, "tests": []}' > "$out" """)).Exit.Should().Be(0);

        _course.Read("katas/02-queues/Kata.cs").Should().Be("// from a zip of the whole folder\n");
    }

    [Fact]
    public void When_the_tool_writes_no_result_gradescope_still_gets_one_that_says_why()
    {
        Submit("katas/01-processes/Kata.cs", "// the learner's answer\n");

        var (exit, output) = Run("run_autograder", FakeTool("""echo "error: Not graded: 1 file that only the instructor may change differs"; exit 2"""));

        exit.Should().Be(0, "a grade of 0 is a result; a failing run_autograder would be Gradescope's error instead");
        string json = File.ReadAllText(Path.Combine(_root, "results", "results.json"));
        using JsonDocument results = JsonDocument.Parse(json);
        results.RootElement.GetProperty("score").GetInt32().Should().Be(0);
        results.RootElement.GetProperty("output").GetString().Should().Contain("Not graded: 1 file that only the instructor may change differs", output);
    }

    [Fact]
    public void A_submission_without_katas_gets_zero_and_is_told_what_to_upload()
    {
        Submit("notes.txt", "no code here");

        Run("run_autograder", FakeTool("exit 3")).Exit.Should().Be(0);

        File.Exists(Path.Combine(_root, "tool-ran")).Should().BeFalse("there is nothing to grade");
        using JsonDocument results = Results();
        results.RootElement.GetProperty("output").GetString().Should().Contain("No kata folders (katas/NN-topic) in the submission");
    }

    [Fact]
    public void Both_scripts_are_valid_bash_and_setup_refuses_a_zip_without_the_course()
    {
        foreach (string script in new[] { "setup.sh", "run_autograder" })
        {
            var info = new ProcessStartInfo("bash", ["-n", Path.Combine(s_recipes, script)]) { RedirectStandardError = true };
            using var process = Process.Start(info)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit(30_000).Should().BeTrue();
            process.ExitCode.Should().Be(0, $"{script}: {error}");
        }
        Directory.Delete(Path.Combine(_root, "source", "course"));

        var (exit, output) = Run("setup.sh");

        exit.Should().Be(1);
        output.Should().Contain("no course repository at").And.Contain("the zip must hold it under course/");
    }
}
