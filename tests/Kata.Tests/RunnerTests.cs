using Kata.Infrastructure;
using Kata.Running;
using Kata.Tests.Support;

namespace Kata.Tests;

/// <summary>A process runner that plays back a test assembly's JSON lines, then ends or hangs until stopped.</summary>
internal sealed class ScriptedProcessRunner(IReadOnlyList<string> lines, bool hang = false, int exitCode = 1) : IProcessRunner
{
    public List<string> Calls { get; } = [];

    public async Task<CommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, CommandOptions options, CancellationToken cancellationToken)
    {
        Calls.Add($"{fileName} {string.Join(' ', arguments)}");
        if (arguments is ["build", ..])
        {
            return new CommandResult(0, "", "", false);
        }
        foreach (string line in lines)
        {
            options.OnOutputLine?.Invoke(line);
        }
        if (!hang)
        {
            return new CommandResult(exitCode, string.Join('\n', lines), "", false);
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, options.Stop);
        stop.CancelAfter(options.Timeout);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
        return new CommandResult(-1, "", "", true);
    }
}

public sealed class RunnerTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public RunnerTests() => _repo.Write("tests/Katas.Tests/bin/katas/Debug/net10.0/Katas.Tests.dll", "");

    public void Dispose() => _repo.Dispose();

    private static string Starting(string id, string name) =>
        $$"""{"$type":"test-starting","TestUniqueID":"{{id}}","TestCaseUniqueID":"c{{id}}","TestDisplayName":"{{name}}"}""";

    private static string CaseStarting(string id, string file, int line) =>
        $$"""{"$type":"test-case-starting","TestCaseUniqueID":"c{{id}}","SourceFilePath":"{{file}}","SourceLineNumber":{{line}}}""";

    private const string Finished = """{"$type":"test-assembly-finished"}""";

    [Fact]
    public void The_json_report_gives_each_test_its_outcome_output_and_innermost_messages()
    {
        var report = new XunitJsonReport();
        string[] lines =
        [
            CaseStarting("1", "/repo/tests/Katas.Tests/02-queues/QueueKataTests.cs", 55),
            Starting("1", "Katas.Tests.Queues.QueueKataTests.ProducerConsumer_sums_every_item_once"),
            "[MpProcess-9] a line printed outside any test",
            """{"$type":"test-failed","TestUniqueID":"1","ExecutionTime":3.1,"Output":"[MpProcess-3] consumer started\n","ExceptionParentIndices":[-1,0,1,0],"ExceptionTypes":["System.AggregateException","FsCheck.Xunit.PropertyFailedException","System.TimeoutException","Katas.Tests.Support.ChildLeftRunningException"],"Messages":["One or more errors occurred.","Falsifiable, after 1 test","ProducerConsumer(3) did not finish within 30 s.","1 child process this test started was still running"],"StackTraces":[null,null,"   at Katas.Tests.LearnerCall.Finish() in /repo/tests/Katas.Tests/LearnerCall.cs:line 21\n   at Katas.Tests.Queues.QueueKataTests.ProducerConsumer_sums_every_item_once() in /repo/tests/Katas.Tests/02-queues/QueueKataTests.cs:line 57",null]}""",
            Starting("2", "Katas.Tests.Queues.QueueKataTests.SeedSum_adds"),
            """{"$type":"test-passed","TestUniqueID":"2","ExecutionTime":0.001,"Output":""}""",
            Finished,
        ];

        var finished = lines.Select(l => report.Feed(l).Finished).OfType<TestCaseResult>().ToList();

        report.Completed.Should().BeTrue();
        report.StrayOutput.Should().Contain("a line printed outside any test");
        finished.Select(t => t.Outcome).Should().Equal(TestOutcome.Failed, TestOutcome.Passed);
        TestCaseResult failed = finished[0];
        failed.Messages.Should().Equal(["ProducerConsumer(3) did not finish within 30 s.", "1 child process this test started was still running"],
            "the aggregate and the property's report only wrap the failures that teach");
        failed.Message.Should().Contain("FsCheck.Xunit.PropertyFailedException : Falsifiable", "--verbose shows the whole text");
        failed.Output.Should().Be("[MpProcess-3] consumer started\n");
        FailureLocation.InTest(failed, "/repo")!.ToString().Should().Be("tests/Katas.Tests/02-queues/QueueKataTests.cs:57",
            "the test's own line, not the helper it called");
    }

    [Fact]
    public async Task A_test_that_overruns_its_bound_stops_the_run_which_keeps_the_finished_tests_and_names_it()
    {
        var processes = new ScriptedProcessRunner(
        [
            Starting("1", "Katas.Tests.T.Quick_one"),
            """{"$type":"test-passed","TestUniqueID":"1","ExecutionTime":0.1}""",
            Starting("2", "Katas.Tests.T.Waits_for_ever"),
        ], hang: true);
        var runner = new TestHostRunner(processes, _repo.Root) { TestTimeout = TimeSpan.FromSeconds(1), RunTimeout = TimeSpan.FromMinutes(5) };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        KataRun run = await runner.RunAsync(KataSource.Katas, "01-processes", RunOptions.None, cancel.Token);

        run.Tests.Select(t => t.ShortName).Should().Equal("Quick_one");
        run.Unfinished.Should().Equal("Katas.Tests.T.Waits_for_ever");
        run.Problem.Should().Contain("the test 'Waits_for_ever' was still running after 1 s, so the run was stopped").And.Contain("1 tests had finished");
        run.AllPassed.Should().BeFalse();
    }

    [Fact]
    public async Task A_run_is_the_test_assembly_itself_with_the_katas_trait_the_json_reporter_and_a_trx_file()
    {
        var processes = new ScriptedProcessRunner([Finished], exitCode: 0);
        var runner = new TestHostRunner(processes, _repo.Root);

        KataRun run = await runner.RunAsync(KataSource.Katas, "01-processes", RunOptions.None, TestContext.Current.CancellationToken);

        processes.Calls.Single().Should().Contain("Katas.Tests.dll -trait Kata=01-processes -reporter json").And.Contain("-result-trx");
        run.Problem.Should().Contain("no tests found for this kata");
    }

    [Fact]
    public async Task Tests_that_hung_before_are_left_out_by_their_exact_display_name()
    {
        var processes = new ScriptedProcessRunner([Finished], exitCode: 0);
        var runner = new TestHostRunner(processes, _repo.Root);

        await runner.RunAsync(KataSource.Katas, "01-processes", new RunOptions { ExcludedTests = ["Katas.Tests.T.Waits(n: 3)"] }, TestContext.Current.CancellationToken);

        processes.Calls.Single().Should().EndWith("-displayName- Katas.Tests.T.Waits(n: 3)", "only that case of the theory is left out");
    }

    [Fact]
    public async Task A_test_host_that_dies_mid_run_is_a_problem_that_names_the_test_it_was_running()
    {
        var processes = new ScriptedProcessRunner([Starting("1", "Katas.Tests.T.Overflows_the_stack"), "Stack overflow."], exitCode: 134);
        var runner = new TestHostRunner(processes, _repo.Root);

        KataRun run = await runner.RunAsync(KataSource.Katas, "01-processes", RunOptions.None, TestContext.Current.CancellationToken);

        run.Problem.Should().Contain("the test host ended before the tests were done during 'Overflows_the_stack' (exit code 134").And.Contain("Stack overflow.");
    }

    [Fact]
    public async Task The_build_is_skipped_while_nothing_it_reads_has_changed()
    {
        var processes = new ScriptedProcessRunner([]);
        var runner = new TestHostRunner(processes, _repo.Root);
        CancellationToken token = TestContext.Current.CancellationToken;

        BuildResult first = await runner.BuildAsync(KataSource.Katas, token);
        BuildResult second = await runner.BuildAsync(KataSource.Katas, token);
        _repo.Write("katas/01-processes/Kata.cs", "// an edit that changes the file's size\n");
        BuildResult third = await runner.BuildAsync(KataSource.Katas, token);

        (first.UpToDate, second.UpToDate, third.UpToDate).Should().Be((false, true, false));
        processes.Calls.Should().HaveCount(2, "the second build had nothing to do");
    }

    [Fact]
    public async Task Restore_is_skipped_while_no_project_file_has_changed()
    {
        var processes = new ScriptedProcessRunner([]);
        var runner = new TestHostRunner(processes, _repo.Root);
        CancellationToken token = TestContext.Current.CancellationToken;
        _repo.Write("tests/Katas.Tests/Katas.Tests.csproj", "<Project />");
        _repo.Write("tests/Katas.Tests/obj/katas/project.assets.json", "{}");

        await runner.BuildAsync(KataSource.Katas, token);
        _repo.Write("katas/01-processes/Kata.cs", "// an edit of code only\n");
        await runner.BuildAsync(KataSource.Katas, token);
        _repo.Write("tests/Katas.Tests/Katas.Tests.csproj", "<Project><!-- a package added --></Project>");
        await runner.BuildAsync(KataSource.Katas, token);

        processes.Calls.Select(c => c.Contains("--no-restore", StringComparison.Ordinal)).Should().Equal(
            [false, true, false], "restore runs for the first build and after a project file changed, never for a code edit");
    }

    [Fact]
    public async Task Failed_tests_become_github_annotations_on_the_learners_line()
    {
        string file = Path.Combine(_repo.Root, "katas", "01-processes", "Kata.cs");
        var processes = new ScriptedProcessRunner(
        [
            Starting("1", "Katas.Tests.T.Answer_is_42"),
            $$"""{"$type":"test-failed","TestUniqueID":"1","ExceptionParentIndices":[-1],"ExceptionTypes":["System.Exception"],"Messages":["The answer should be 42, 100% sure."],"StackTraces":["   at Katas.K.Answer() in {{file}}:line 4"]}""",
            Finished,
        ]);
        var runner = new TestHostRunner(processes, _repo.Root);

        KataRun run = await runner.RunAsync(KataSource.Katas, "01-processes", new RunOptions { GitHubAnnotations = true }, TestContext.Current.CancellationToken);

        run.WorkflowCommands.Should().Equal("::error file=katas/01-processes/Kata.cs,line=4,title=01-processes%3A Answer is 42::The answer should be 42, 100%25 sure.");
    }
}
