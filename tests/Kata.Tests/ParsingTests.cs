using Kata.Running;
using Kata.Ui;

namespace Kata.Tests;

public sealed class ParsingTests
{
    private const string Trx = """
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Results>
            <UnitTestResult testName="Katas.Tests.Processes.ProcessKataTests.RunOne_runs_the_job" outcome="Passed" />
            <UnitTestResult testName="Katas.Tests.Processes.ProcessKataTests.RunMany_starts_them_all" outcome="Failed">
              <Output><ErrorInfo><Message>Expected lastStart to be less than 3 because all the processes should run at the same time.</Message>
              <StackTrace>at X.Y()</StackTrace></ErrorInfo></Output>
            </UnitTestResult>
            <UnitTestResult testName="Katas.Tests.Processes.ProcessKataTests.Sum(n: 3)" outcome="NotExecuted" />
          </Results>
        </TestRun>
        """;

    [Fact]
    public void A_trx_file_gives_each_test_its_outcome_and_message()
    {
        var results = TrxParser.Parse(Trx);

        results.Select(r => r.Outcome).Should().Equal(TestOutcome.Passed, TestOutcome.Failed, TestOutcome.Skipped);
        results[1].Message.Should().StartWith("Expected lastStart");
        results[1].DisplayName.Should().Be("RunMany starts them all", "test names are shown as sentences");
        results[2].ShortName.Should().Be("Sum(n: 3)", "a theory's arguments stay with its name");
    }

    [Fact]
    public void Build_errors_are_picked_once_with_paths_relative_to_the_repository()
    {
        const string output = """
              /repo/katas/01-processes/ProcessKata.cs(12,5): error CS1002: ; expected [/repo/katas/Katas.csproj]
              /repo/katas/01-processes/ProcessKata.cs(12,5): error CS1002: ; expected [/repo/katas/Katas.csproj]
              /repo/katas/01-processes/ProcessKata.cs(3,1): warning CS0168: unused
            MSBUILD : error MSB1009: Project file does not exist.
            """;

        var errors = BuildOutputParser.Parse(output, "/repo");

        errors.Select(e => e.Text).Should().Equal(
            "katas/01-processes/ProcessKata.cs(12,5): CS1002: ; expected",
            "MSB1009: Project file does not exist.");
        errors[0].File.Should().Be("katas/01-processes/ProcessKata.cs");
        errors[0].Line.Should().Be(12);
    }

    [Fact]
    public void A_stub_that_still_throws_is_explained_with_its_file_and_line()
    {
        var test = new TestCaseResult("T.RunOne", TestOutcome.Failed, "System.NotImplementedException : The method or operation is not implemented.",
            "   at Katas.Processes.ProcessKata.RunOne() in /repo/katas/01-processes/ProcessKata.cs:line 23\n   at Katas.Tests.X() in /repo/tests/Katas.Tests/X.cs:line 9");

        Explain.Failure(test, "/repo").Should().Be(
            "Not written yet: ProcessKata.RunOne still throws NotImplementedException (katas/01-processes/ProcessKata.cs, line 23). Replace the throw with your code.");
    }

    [Fact]
    public void A_teaching_message_is_shown_as_the_test_wrote_it()
    {
        var test = new TestCaseResult("T.X", TestOutcome.Failed, "Expected p.ExitCode to be 0 because the child should finish its job.");

        Explain.Failure(test, "/repo").Should().Be("Expected p.ExitCode to be 0 because the child should finish its job.");
    }

    [Fact]
    public void A_very_long_message_is_cut_with_a_note()
    {
        var test = new TestCaseResult("T.X", TestOutcome.Failed, string.Join('\n', Enumerable.Range(1, 40).Select(i => $"line {i}")));

        Explain.Failure(test, "/repo").Split('\n').Should().HaveCount(25).And.EndWith("... (16 more lines)");
    }
}
