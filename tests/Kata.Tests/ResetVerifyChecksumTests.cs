using Kata.Infrastructure;
using Kata.Repo;
using Kata.Running;
using Kata.Tests.Support;

namespace Kata.Tests;

public sealed class ResetTests : IDisposable
{
    private const string Stub = "katas/01-processes/Kata.cs";
    private readonly FakeRepo _repo = new();

    public ResetTests()
    {
        _repo.Git("init", "-q");
        _repo.Git("add", "-A");
        _repo.Git("commit", "-qm", "course");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Reset_puts_the_stub_back_after_confirmation_even_over_committed_work()
    {
        string stub = _repo.Read(Stub);
        _repo.Write(Stub, "// my committed attempt\n");
        _repo.Git("commit", "-qam", "my work");
        _repo.Write(Stub, "// my latest attempt\n");
        var tool = new ToolHarness(_repo).Interactive();
        tool.Console.Input.PushTextWithEnter("y");

        int exit = await tool.RunAsync("reset", "01");

        exit.Should().Be(0);
        _repo.Read(Stub).Should().Be(stub, "the stub comes from the course's commit, not from the learner's last commit");
        tool.Output.Should().Contain(Stub).And.Contain("back to its stub");
    }

    [Fact]
    public async Task A_reset_kata_is_no_longer_done_or_counted()
    {
        _repo.Write(Stub, "// my solution\n");
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", 2, 0);
        await tool.RunAsync("check", "01");

        await tool.RunAsync("reset", "01", "--yes");
        await tool.RunAsync();

        tool.Output.Should().Contain("0 of 2 katas done").And.Contain("Next: 01-processes", "the stub is back, so the kata is to do again");
    }

    [Fact]
    public async Task Answering_no_changes_nothing()
    {
        _repo.Write(Stub, "// mine\n");
        var tool = new ToolHarness(_repo).Interactive();
        tool.Console.Input.PushTextWithEnter("n");

        int exit = await tool.RunAsync("reset");

        exit.Should().Be(KataApp.ErrorExitCode);
        _repo.Read(Stub).Should().Be("// mine\n");
    }

    [Fact]
    public async Task An_untouched_kata_has_nothing_to_reset()
    {
        var tool = new ToolHarness(_repo);

        int exit = await tool.RunAsync("reset", "--yes");

        exit.Should().Be(0);
        tool.Output.Should().Contain("already the original stub");
    }

    [Fact]
    public async Task Outside_git_the_error_says_why()
    {
        Directory.Delete(Path.Combine(_repo.Root, ".git"), recursive: true);
        var tool = new ToolHarness(_repo);

        int exit = await tool.RunAsync("reset", "--yes");

        exit.Should().Be(KataApp.ErrorExitCode);
        tool.Output.Should().Contain("not a git repository");
    }
}

public sealed class VerifyTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private ToolHarness Passing()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", 2, 0, KataSource.Solutions).With("02-queues", 2, 0, KataSource.Solutions)
            .With("01-processes", 0, 2).With("02-queues", 0, 2);
        return tool;
    }

    [Fact]
    public async Task Passing_solutions_and_failing_stubs_verify()
    {
        var tool = Passing();

        int exit = await tool.RunAsync("verify");

        exit.Should().Be(0);
        tool.Output.TrimEnd().Split('\n')[^1].Should().Be("4 passed, 0 failed", "the last line is what .ci/run counts");
        tool.Output.Should().Contain("PASS 02-queues stub: 2/2 tests fail on the stub");
    }

    [Fact]
    public async Task A_failing_solution_and_a_passing_stub_are_counted_and_fail_verify()
    {
        var tool = Passing();
        tool.Runner.With("02-queues", 1, 1, KataSource.Solutions).With("01-processes", 2, 0);

        int exit = await tool.RunAsync("verify");

        exit.Should().Be(1);
        tool.Output.Should().Contain("FAIL 02-queues solution: 1/2 tests pass").And.Contain("Failing test 1");
        tool.Output.Should().Contain("FAIL 01-processes stub: all 2 tests pass on the stub");
        tool.Output.TrimEnd().Split('\n')[^1].Should().Be("2 passed, 2 failed");
    }

    [Fact]
    public async Task A_solution_run_with_fewer_tests_than_declared_fails()
    {
        var tool = Passing();
        tool.Runner.With("01-processes", 1, 0, KataSource.Solutions);

        await tool.RunAsync("verify");

        tool.Output.Should().Contain("FAIL 01-processes solution: 1 tests ran but the test sources declare 2");
    }

    [Fact]
    public async Task Solutions_that_do_not_build_fail_every_solution_check()
    {
        var tool = Passing();
        tool.Runner.BuildFails(KataSource.Solutions, new BuildError("solutions/x.cs(1,1): CS0001: broken"));

        int exit = await tool.RunAsync("verify");

        exit.Should().Be(1);
        tool.Output.Should().Contain("CS0001: broken").And.Contain("FAIL 01-processes solution: the solutions do not build");
        tool.Output.TrimEnd().Split('\n')[^1].Should().Be("2 passed, 2 failed");
    }

    [Fact]
    public async Task A_stale_test_checksum_is_a_failed_check()
    {
        _repo.Write(TestChecksum.FileName, TestChecksum.Compute(_repo.Root));
        _repo.AddKata("03-efficiency");
        var tool = Passing();
        tool.Runner.With("03-efficiency", 2, 0, KataSource.Solutions).With("03-efficiency", 0, 2);

        int exit = await tool.RunAsync("verify");

        exit.Should().Be(1);
        tool.Output.Should().Contain("FAIL tests checksum").And.Contain("checksum --write");
        tool.Output.TrimEnd().Split('\n')[^1].Should().Be("6 passed, 1 failed");
    }
}

public sealed class ChecksumCommandTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Write_then_check_matches_and_an_edit_is_found()
    {
        var tool = new ToolHarness(_repo);

        (await tool.RunAsync("checksum", "--write")).Should().Be(0);
        (await tool.RunAsync("checksum")).Should().Be(0);
        _repo.Write("tests/Katas.Tests/01-processes/Tests.cs", "// edited\n");
        (await tool.RunAsync("checksum")).Should().Be(1);

        tool.Output.Should().Contain("match their checksum").And.Contain("01-processes/Tests.cs (changed)");
    }

    [Fact]
    public async Task Checking_without_a_checksum_file_is_an_error()
    {
        var tool = new ToolHarness(_repo);

        int exit = await tool.RunAsync("checksum");

        exit.Should().Be(KataApp.ErrorExitCode);
        tool.Output.Should().Contain("no tests/Katas.Tests.sha256");
    }
}
