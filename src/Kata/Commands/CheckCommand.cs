using Kata.Infrastructure;
using Kata.Repo;
using Kata.Running;
using Spectre.Console.Cli;

namespace Kata.Commands;

/// <summary>check [kata]: builds the learner's code and runs the kata's tests; exit code 0 only when all pass.</summary>
internal sealed class CheckCommand(ToolContext context) : AsyncCommand<KataSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, KataSettings settings, CancellationToken cancellationToken)
    {
        Workspace workspace = context.OpenWorkspace();
        KataInfo kata = workspace.ResolveOrCurrent(settings.Kata);
        KataRun? run = await new KataChecker(context).CheckAsync(workspace, kata, cancellationToken).ConfigureAwait(false);
        return run is { AllPassed: true } ? 0 : 1;
    }
}
