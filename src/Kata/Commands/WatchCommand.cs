using Kata.Infrastructure;
using Kata.Repo;
using Kata.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kata.Commands;

/// <summary>
/// watch: checks the current kata, then again after every save (debounced, so one save that
/// touches several files runs once); r reruns by hand where file watching does not work
/// (some network and container mounts), q quits. Moves to the next kata when one is done.
/// </summary>
internal sealed class WatchCommand(ToolContext context) : AsyncCommand<WatchCommand.Settings>
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);

    internal sealed class Settings : CommandSettings
    {
        [CommandOption("-v|--verbose")]
        [System.ComponentModel.Description("Show failures with the test framework's whole text and stack traces.")]
        public bool Verbose { get; init; }

        [CommandOption("-o|--output")]
        [System.ComponentModel.Description("Show what every test's processes printed, passing tests too.")]
        public bool Output { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        IAnsiConsole console = context.Console;
        Workspace workspace = context.OpenWorkspace();
        // A save means new code: watch always runs the tests, never shows an earlier result.
        var checker = new KataChecker(context, new CheckOptions { Verbose = settings.Verbose, Output = settings.Output, Rerun = true });
        bool first = true;
        long lastChange = 0;
        using IDisposable watcher = context.Watcher.Watch(Path.Combine(workspace.Root, "katas"),
            path =>
            {
                // The build writes generated sources under obj/: those are not saves, and would loop forever.
                if (!IsBuildOutput(workspace.Root, path))
                {
                    Interlocked.Exchange(ref lastChange, context.Time.GetTimestamp());
                }
            });
        bool keys = true;

        bool rerun = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (rerun)
            {
                rerun = false;
                Interlocked.Exchange(ref lastChange, 0);
                if (!first && console.Profile.Capabilities.Interactive)
                {
                    // Each run on a clean screen, so the results in view are the latest ones.
                    console.Clear(home: true);
                }
                first = false;
                KataInfo kata = workspace.ResolveOrCurrent(null);
                KataRun? run = await checker.CheckAsync(workspace, kata, cancellationToken).ConfigureAwait(false);
                if (run is { AllPassed: true } && workspace.AllDone())
                {
                    console.MarkupLine("[green bold]Every kata is done.[/] Stopping watch.");
                    return 0;
                }
                console.MarkupLine("[grey]Watching katas/ for saves. Press r to rerun, q to quit.[/]");
            }

            while (keys && KeyAvailable(console, ref keys))
            {
                ConsoleKeyInfo? key = console.Input.ReadKey(intercept: true);
                if (key?.Key is ConsoleKey.Q or ConsoleKey.Escape)
                {
                    return 0;
                }
                if (key?.Key is ConsoleKey.R or ConsoleKey.Enter)
                {
                    rerun = true;
                }
            }

            long changed = Interlocked.Read(ref lastChange);
            if (changed != 0 && context.Time.GetElapsedTime(changed) >= context.WatchDebounce)
            {
                rerun = true;
            }
            if (!rerun)
            {
                try
                {
                    await Task.Delay(s_poll, context.Time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        return 0;
    }

    private static bool IsBuildOutput(string root, string path)
    {
        string[] parts = Path.GetRelativePath(root, path).Split('/', '\\');
        return parts.Contains("bin") || parts.Contains("obj");
    }

    private static bool KeyAvailable(IAnsiConsole console, ref bool keys)
    {
        try
        {
            return console.Input.IsKeyAvailable();
        }
        catch (InvalidOperationException)
        {
            // Input is redirected: no keys, saves only.
            keys = false;
            return false;
        }
    }
}
