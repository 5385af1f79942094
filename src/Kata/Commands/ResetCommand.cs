using Kata.Infrastructure;
using Kata.Repo;
using Kata.Ui;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kata.Commands;

/// <summary>reset [kata]: puts the kata's stub back from git, after confirmation.</summary>
internal sealed class ResetCommand(ToolContext context) : AsyncCommand<ConfirmSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, ConfirmSettings settings, CancellationToken cancellationToken)
    {
        IAnsiConsole console = context.Console;
        Workspace workspace = context.OpenWorkspace();
        KataInfo kata = workspace.ResolveOrCurrent(settings.Kata);
        string path = kata.RelativeKataDirectory;
        string? commit = await context.Git.FindStubCommitAsync(workspace.Root, path,
            [$"tests/Katas.Tests/{kata.Name}", $"solutions/{kata.Name}"], cancellationToken).ConfigureAwait(false)
            ?? throw new KataToolException($"git has no commit with {path}, so there is no stub to restore.");

        IReadOnlyList<string> changed = await context.Git.ChangedFilesAsync(workspace.Root, commit, path, cancellationToken).ConfigureAwait(false);
        var overwritten = changed.Where(f => !f.EndsWith("(new, kept)", StringComparison.Ordinal)).ToList();
        if (overwritten.Count == 0)
        {
            console.MarkupLine($"{path} is already the original stub; nothing to reset.");
            return 0;
        }
        console.MarkupLine($"Reset puts the original stub of [bold]{kata.Name}[/] back (from commit {commit[..Math.Min(7, commit.Length)]}). Your changes to these files are lost:");
        foreach (string file in changed)
        {
            console.MarkupLine($"  {Markup.Escape(file)}");
        }
        if (!settings.Yes)
        {
            Prompt.Confirm(console, $"Reset {kata.Name}?");
        }
        await context.Git.RestoreAsync(workspace.Root, commit, path, cancellationToken).ConfigureAwait(false);
        // The last result described the code that was just replaced: the kata is not done any more.
        workspace.Cache.Forget(kata.Name);
        console.MarkupLine($"[green]{kata.Name} is back to its stub.[/] (git keeps your old version only if you committed it.)");
        return 0;
    }
}
