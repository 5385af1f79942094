using System.ComponentModel;
using Kata.Infrastructure;
using Kata.Repo;
using Kata.Running;
using Spectre.Console.Cli;

namespace Kata.Commands;

/// <summary>check [kata]: builds the learner's code and runs the kata's tests; exit code 0 only when all pass.</summary>
internal sealed class CheckCommand(ToolContext context) : AsyncCommand<CheckCommand.Settings>
{
    internal sealed class Settings : KataSettings
    {
        [CommandOption("-v|--verbose")]
        [Description("Show failures with the test framework's whole text and stack traces.")]
        public bool Verbose { get; init; }

        [CommandOption("-o|--output")]
        [Description("Show what every test's processes printed, passing tests too (failing tests always show it).")]
        public bool Output { get; init; }

        [CommandOption("--rerun")]
        [Description("Run the tests even when nothing changed since a check that passed.")]
        public bool Rerun { get; init; }

        public CheckOptions Options => new() { Verbose = Verbose, Output = Output, Rerun = Rerun };
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        Workspace workspace = context.OpenWorkspace();
        KataInfo kata = workspace.ResolveOrCurrent(settings.Kata);
        KataRun? run = await new KataChecker(context, settings.Options).CheckAsync(workspace, kata, cancellationToken).ConfigureAwait(false);
        return run is { AllPassed: true } ? 0 : 1;
    }
}
