using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kata.Repo;
using Kata.Tests.Support;

namespace Kata.Tests;

/// <summary>
/// The Classroom 50 recipe's autograder.py, run here as Classroom 50's runner runs it (in the
/// learner's checkout, a git repository) with a stand-in for the tool (KATA_TOOL): the protected
/// files are checked by git object before anything of the learner's runs.
/// </summary>
public sealed partial class Classroom50RecipeTests : IDisposable
{
    private static readonly string s_script = Path.Combine(new RepositoryLocator(AppContext.BaseDirectory).FindRoot(), "src", "Kata", "recipes", "classroom50", "autograder.py");

    private readonly FakeRepo _repo = new();
    private readonly string _bundle = Path.Combine(Path.GetTempPath(), "classroom50-" + Guid.NewGuid().ToString("N")[..8]);

    public Classroom50RecipeTests()
    {
        _repo.Write("src/Harness/Mp.cs", "// the harness\n");
        _repo.Write(".github/workflows/grade.yml", "name: Grade\n");
        _repo.Git("init", "-q");
        _repo.Git("add", "-A");
        _repo.Git("-c", "commit.gpgsign=false", "commit", "-q", "-m", "starter");
        Directory.CreateDirectory(_bundle);
        File.Copy(s_script, Path.Combine(_bundle, "autograder.py"));
    }

    public void Dispose()
    {
        Directory.Delete(_bundle, recursive: true);
        _repo.Dispose();
    }

    private (int Exit, string Output) Python(params string[] args)
    {
        var info = new ProcessStartInfo("python3") { WorkingDirectory = _repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(_bundle, "autograder.py"));
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        // The tool's stand-in writes a result as the real one does, naming what it was asked.
        info.Environment["KATA_TOOL"] = "bash -c 'echo \"{\\\"schema\\\": \\\"classroom50/result/v1\\\", \\\"args\\\": \\\"$*\\\"}\" > result.json' tool";
        info.Environment["CLASSROOM"] = "mp-2026";
        using var process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(60_000).Should().BeTrue("the autograder should end within a minute");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void The_scripts_protected_paths_are_the_grading_manifests()
    {
        string script = File.ReadAllText(s_script);
        string list = ProtectedList().Match(script).Groups[1].Value;
        Regex.Matches(list, "\"([^\"]+)\"").Select(m => m.Groups[1].Value).Should().Equal(GradingManifest.ProtectedPaths,
            "the Classroom 50 check and grade's own check protect the same files");
    }

    [Fact]
    public void An_untouched_checkout_is_graded_by_the_tool_in_classroom50_format()
    {
        Python("--record").Exit.Should().Be(0);
        File.ReadAllText(Path.Combine(_bundle, "protected.txt")).Should().Contain("\tsrc\n").And.Contain("\ttests\n").And.Contain("\t.github/workflows/grade.yml\n");
        _repo.Write("katas/01-processes/Kata.cs", "// the learner's answer\n");
        _repo.Git("add", "-A");
        _repo.Git("-c", "commit.gpgsign=false", "commit", "-q", "-m", "my answer");

        var (exit, output) = Python();

        exit.Should().Be(0, output);
        using var result = JsonDocument.Parse(_repo.Read("result.json"));
        result.RootElement.GetProperty("args").GetString().Should().Be("grade --format classroom50");
    }

    [Fact]
    public void A_committed_change_to_a_test_is_not_graded_and_the_result_names_the_file()
    {
        Python("--record").Exit.Should().Be(0);
        _repo.Write("tests/Katas.Tests/02-queues/Tests.cs", "// a test made to pass\n");
        _repo.Git("add", "-A");
        _repo.Git("-c", "commit.gpgsign=false", "commit", "-q", "-m", "make it pass");

        var (exit, output) = Python();

        exit.Should().Be(0, "a refused grade is a result, not Classroom 50's infrastructure error");
        using var result = JsonDocument.Parse(_repo.Read("result.json"));
        JsonElement r = result.RootElement;
        (r.GetProperty("schema").GetString(), r.GetProperty("classroom").GetString(), r.GetProperty("score").GetInt32()).Should().Be(("classroom50/result/v1", "mp-2026", 0));
        r.GetProperty("tests")[0].GetProperty("message").GetString().Should().Contain("tests/Katas.Tests/02-queues/Tests.cs (changed)", output);
        r.TryGetProperty("args", out _).Should().BeFalse("the learner's repository, tool included, never ran");
    }

    [GeneratedRegex(@"PROTECTED = \[(.*?)\]", RegexOptions.Singleline)]
    private static partial Regex ProtectedList();
}
