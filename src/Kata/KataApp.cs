using Kata.Commands;
using Kata.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kata;

/// <summary>The command line: which command does what, and how errors are shown.</summary>
internal static class KataApp
{
    /// <summary>Exit code of a problem the learner can fix (wrong name, outside the repository...).</summary>
    public const int ErrorExitCode = 2;

    /// <summary>Runs the command line; "help" and "help check" are read as --help and check --help.</summary>
    public static Task<int> RunAsync(ToolContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        string[] line = args switch
        {
            ["help"] => ["--help"],
            ["help", var command, ..] => [command, "--help"],
            _ => [.. args],
        };
        return Create(context).RunAsync(line, cancellationToken);
    }

    public static CommandApp Create(ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(ToolContext), context);
        var app = new CommandApp(registrar);
        app.SetDefaultCommand<DashboardCommand>();
        app.Configure(config =>
        {
            config.SetApplicationName(context.ToolCommand);
            config.ConfigureConsole(context.Console);
            config.SetExceptionHandler((exception, _) => HandleError(context.Console, exception));
            config.AddCommand<CheckCommand>("check")
                .WithDescription("Build your code and run a kata's tests (the current kata by default).")
                .WithExample("check").WithExample("check", "01-processes").WithExample("check", "--output");
            config.AddCommand<WatchCommand>("watch")
                .WithDescription("Check the current kata again on every save; r reruns, q quits.");
            config.AddCommand<HintCommand>("hint")
                .WithDescription("Show the next hint for a kata, one at a time (--back: the one before, --all: every one).")
                .WithExample("hint").WithExample("hint", "--back").WithExample("hint", "02", "--all");
            config.AddCommand<SolutionCommand>("solution")
                .WithDescription("Show the reference solution as a diff against your code.");
            config.AddCommand<GradeCommand>("grade")
                .WithDescription("Points per kata, one per passing test or as grading.json weighs them, in the result formats asked for (--format).")
                .WithExample("grade").WithExample("grade", "--source", "solutions").WithExample("grade", "--format", "classroom50,junit");
            config.AddCommand<ResetCommand>("reset")
                .WithDescription("Put a kata's original stub back from git (asks first).");
            config.AddCommand<VerifyCommand>("verify")
                .WithDescription("Maintainers: every solution passes, every stub fails; last line 'N passed, N failed'.");
            config.AddCommand<ChecksumCommand>("checksum")
                .WithDescription("Maintainers: compare or rewrite tests/Katas.Tests.sha256 (--grading: the instructor's grading.sha256).");
        });
        return app;
    }

    private static int HandleError(IAnsiConsole console, Exception exception)
    {
        Exception inner = exception is CommandRuntimeException { InnerException: { } cause } ? cause : exception;
        switch (inner)
        {
            case KataToolException tool:
                console.MarkupLine($"[red]error:[/] {Markup.Escape(tool.Message)}");
                foreach (string line in tool.Details)
                {
                    console.MarkupLine($"  {Markup.Escape(line)}");
                }
                return ErrorExitCode;
            case CommandAppException app:
                console.MarkupLine($"[red]error:[/] {Markup.Escape(app.Message)}");
                return ErrorExitCode;
            case OperationCanceledException:
                console.MarkupLine("[yellow]Stopped.[/]");
                return 130;
            default:
                console.MarkupLine("[red]The kata tool failed unexpectedly[/] (a bug in the tool, not in your kata):");
                console.WriteException(inner, ExceptionFormats.ShortenEverything);
                return 3;
        }
    }
}
