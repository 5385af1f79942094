using Kata.Repo;
using Kata.Running;
using Spectre.Console;

namespace Kata.Ui;

/// <summary>Shared pieces of output.</summary>
internal static class Render
{
    /// <summary>One line per test: a mark and the test's name as a sentence, then the teaching message of a failure.</summary>
    public static void Tests(IAnsiConsole console, KataRun run, string root)
    {
        // Passing tests first: the failures, with their messages, end up next to the summary.
        foreach (TestCaseResult test in run.Tests.OrderBy(t => t.Outcome switch { TestOutcome.Passed => 0, TestOutcome.Skipped => 1, _ => 2 }))
        {
            switch (test.Outcome)
            {
                case TestOutcome.Passed:
                    console.MarkupLine($"  [green]✔ PASS[/] {Markup.Escape(test.DisplayName)}");
                    break;
                case TestOutcome.Skipped:
                    console.MarkupLine($"  [yellow]- SKIP[/] {Markup.Escape(test.DisplayName)}");
                    break;
                default:
                    console.MarkupLine($"  [red]✘ FAIL[/] {Markup.Escape(test.DisplayName)}");
                    foreach (string line in Explain.Failure(test, root).Split('\n'))
                    {
                        console.MarkupLine($"         [grey]{Markup.Escape(line)}[/]");
                    }
                    break;
            }
        }
        if (run.Problem is not null)
        {
            console.MarkupLine($"  [red]✘ {Markup.Escape(Capitalize(run.Problem))}[/]");
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
