using Kata.Repo;
using Kata.Running;
using Spectre.Console;

namespace Kata.Ui;

/// <summary>Shared pieces of output.</summary>
internal static class Render
{
    /// <summary>Every test's line, then the failures with what explains them (verify's report).</summary>
    public static void Tests(IAnsiConsole console, KataRun run, string root)
    {
        foreach (TestCaseResult test in run.Tests)
        {
            TestLine(console, test);
        }
        Failures(console, run, root, verbose: false);
    }

    /// <summary>One line for a finished test: ✓ or ✘, its name as a sentence, its time.</summary>
    public static void TestLine(IAnsiConsole console, TestCaseResult test)
    {
        string prefix = test.Outcome switch
        {
            TestOutcome.Passed => "  [green]✓[/] ",
            TestOutcome.Skipped => "  [yellow]-[/] ",
            _ => "  [red]✘[/] ",
        };
        var runs = new List<Run> { new(test.DisplayName) };
        if (test.Outcome == TestOutcome.Skipped)
        {
            runs.Add(new Run(" (skipped)", "grey"));
        }
        else if (test.Duration is { } d)
        {
            runs.Add(new Run(" "));
            runs.Add(new Run(Running.XunitJsonReport.Seconds(d), "grey", Whole: true));
        }
        foreach (string line in TextLayout.Wrap(runs, console.Profile.Width, prefix, 4))
        {
            console.MarkupLine(line);
        }
    }

    /// <summary>
    /// Each failed test once more, with its teaching message alone (<paramref name="verbose"/>:
    /// the framework's whole text and stack trace), what its processes printed, and where to
    /// look; then why the run is incomplete, if it is.
    /// </summary>
    public static void Failures(IAnsiConsole console, KataRun run, string root, bool verbose)
    {
        var failed = run.Tests.Where(t => t.Outcome == TestOutcome.Failed).ToList();
        if (failed.Count > 0)
        {
            console.WriteLine();
            console.MarkupLine(failed.Count == 1 ? "[red bold]1 test fails:[/]" : $"[red bold]{failed.Count} tests fail:[/]");
        }
        foreach (TestCaseResult test in failed)
        {
            console.WriteLine();
            console.MarkupLine($"[red]✘[/] [bold]{Markup.Escape(test.DisplayName)}[/]");
            string text = verbose
                ? $"{test.Message}\n{test.StackTrace}".TrimEnd()
                : Explain.Failure(test, root);
            Indented(console, text, 2);
            if (test.Output.Length > 0)
            {
                console.MarkupLine("  [grey]What it and its processes printed:[/]");
                Output(console, test.Output);
            }
            if (Running.FailureLocation.InCode(test, root) is { } code)
            {
                console.MarkupLine($"  [grey]Your code:[/] {Markup.Escape(code.ToString())}");
            }
            if (Running.FailureLocation.InTest(test, root) is { } place)
            {
                console.MarkupLine($"  [grey]The test:[/]  {Markup.Escape(place.ToString())}");
            }
        }
        if (run.Problem is not null)
        {
            console.WriteLine();
            console.MarkupLine($"[red]✘ {Markup.Escape(Capitalize(run.Problem))}[/]");
        }
    }

    /// <summary>What a test printed, each line behind a bar, so it stands apart from the tool's own text.</summary>
    public static void Output(IAnsiConsole console, string output)
    {
        foreach (string line in output.TrimEnd('\n', '\r').ReplaceLineEndings("\n").Split('\n'))
        {
            console.MarkupLine($"  [grey]│[/] {Markup.Escape(line)}");
        }
    }

    /// <summary>Text wrapped at the console's width, every line indented.</summary>
    public static void Indented(IAnsiConsole console, string text, int indent)
    {
        foreach (string line in TextLayout.WrapPlain(text.TrimEnd(), console.Profile.Width, indent))
        {
            console.MarkupLine(line);
        }
    }

    /// <summary>The compiler's errors, as it wrote them.</summary>
    public static void BuildErrors(IAnsiConsole console, BuildResult build)
    {
        console.MarkupLine("[red]The build failed.[/] The compiler says:");
        foreach (BuildError error in build.Errors.Take(20))
        {
            console.MarkupLine($"  [red]{Markup.Escape(error.Text)}[/]");
        }
        if (build.Errors.Count > 20)
        {
            console.MarkupLine($"  [grey]... and {build.Errors.Count - 20} more[/]");
        }
        console.MarkupLine("Fix these and run the command again (all katas build together, so an error in any kata stops them all).");
    }

    /// <summary>A text progress bar, green for passed tests.</summary>
    public static string Bar(int passed, int total, int width = 20)
    {
        int filled = total == 0 ? 0 : (int)Math.Round(width * (double)passed / total);
        string color = total > 0 && passed == total ? "green" : "yellow";
        return $"[{color}]{new string('━', filled)}[/][grey]{new string('─', width - filled)}[/]";
    }

    /// <summary>A short word for a kata's state.</summary>
    public static string Status(KataProgress p) => p.Status switch
    {
        KataStatus.Done => p.ChangedSinceRun ? "[green]done[/] [grey](edited since)[/]" : "[green]done[/]",
        KataStatus.BuildFailed => "[red]does not build[/]",
        KataStatus.InProgress => p.ChangedSinceRun ? "[yellow]in progress[/] [grey](edited since)[/]" : "[yellow]in progress[/]",
        _ => "[grey]not checked yet[/]",
    };

    public static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
