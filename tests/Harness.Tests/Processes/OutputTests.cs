namespace Harness.Tests.Processes;

public sealed class OutputTests
{
    [Fact]
    public void Output_is_forwarded_live_with_the_process_name_as_prefix()
    {
        var text = new StringWriter();
        var forwarded = TextWriter.Synchronized(text);
        using var p = Mp.Process(Jobs.PrintThenSleep, "first line");
        p.Name = "chatty";
        p.OutputWriter = forwarded;
        p.Start();

        Wait.Until(() => p.Output.Contains("first line", StringComparison.Ordinal), Wait.Long)
            .Should().BeTrue("a line reaches the parent while the child is still running");
        p.IsAlive.Should().BeTrue("the child is still asleep after printing");
        text.ToString().Should().Contain("[chatty] first line");
        p.Kill();
    }

    [Fact]
    public void Standard_error_is_kept_and_forwarded_too()
    {
        var text = new StringWriter();
        var forwarded = TextWriter.Synchronized(text);
        using var p = Mp.Process(Jobs.WriteStderr, "to stderr");
        p.OutputWriter = forwarded;
        p.Start();
        p.Join(Wait.Long).Should().BeTrue();

        p.Output.Should().Be("to stderr\n");
        text.ToString().Should().Be($"[{p.Name}] to stderr{Environment.NewLine}");
    }

    [Fact]
    public void Ten_megabytes_of_output_do_not_deadlock_and_are_all_kept()
    {
        const int lines = 100_000, width = 99;
        using var p = Wait.Run(Mp.Process(Jobs.PrintLines, lines, width));

        p.ExitCode.Should().Be(0);
        p.Output.Length.Should().Be(lines * (width + 1));
    }

    [Fact]
    public void Unicode_output_arrives_unchanged()
    {
        using var p = Wait.Run(Mp.Process(Jobs.PrintThenReturn, "多进程 — ünïcode ✓"));

        p.Output.Should().Be("多进程 — ünïcode ✓\n");
    }

    [Fact]
    public void A_line_that_looks_like_a_report_but_has_the_wrong_token_stays_output()
    {
        using var p = Wait.Run(Mp.Process(Jobs.WriteStderr, "\u001eDEADBEEF AAAA"));

        p.ExitCode.Should().Be(0);
        p.Output.Should().Be("\u001eDEADBEEF AAAA\n");
    }

    [Fact]
    public void Stdout_and_stderr_lines_keep_the_order_they_were_printed_in()
    {
        var text = new StringWriter();
        using var p = Mp.Process(WaitJobs.Interleave, 200);
        p.OutputWriter = TextWriter.Synchronized(text);
        p.Start();
        p.Join(Wait.Long).Should().BeTrue();

        string expected = string.Concat(Enumerable.Range(0, 200).Select(i => $"out {i}\nerr {i}\n"))
            + "half a line, then \nan error line\nthe rest\n";
        p.Output.Should().Be(expected, "the child's stderr travels with its stdout, so the parent reads the lines in the order they were written");
        text.ToString().Should().Be(string.Concat(expected.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => $"[{p.Name}] {line}{Environment.NewLine}")));
    }
}
