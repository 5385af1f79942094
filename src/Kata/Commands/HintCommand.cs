using Kata.Infrastructure;
using Kata.Repo;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kata.Commands;

/// <summary>hint [kata]: shows the next hint of HINTS.md, one more each time.</summary>
internal sealed class HintCommand(ToolContext context) : Command<KataSettings>
{
    public override int Execute(CommandContext commandContext, KataSettings settings, CancellationToken cancellationToken)
    {
        Workspace workspace = context.OpenWorkspace();
        KataInfo kata = workspace.ResolveOrCurrent(settings.Kata);
        IReadOnlyList<Hint> hints = kata.ReadHints();
        if (hints.Count == 0)
        {
            context.Console.MarkupLine($"[yellow]{kata.Name} has no hints[/] ({kata.RelativeKataDirectory}/HINTS.md is missing or has no '## Hint' sections).");
            return 0;
        }

        CacheState state = workspace.Cache.Load();
        int shown = state.HintsShown.GetValueOrDefault(kata.Name);
        int index = Math.Min(shown, hints.Count - 1);
        Hint hint = hints[index];
        context.Console.MarkupLine($"[bold]{kata.Name}: {Markup.Escape(hint.Title)} ({index + 1} of {hints.Count})[/]");
        context.Console.Write(new Panel(new Text(hint.Body)).Border(BoxBorder.Rounded).Expand());
        if (index + 1 < hints.Count)
        {
            context.Console.MarkupLine($"[grey]Run hint again for the next one ({hints.Count - index - 1} left).[/]");
        }
        else
        {
            context.Console.MarkupLine($"[grey]That was the last hint. To compare with the reference: {Markup.Escape($"{context.ToolCommand} solution {kata.Name}")}[/]");
        }
        state.HintsShown[kata.Name] = index + 1;
        workspace.Cache.Save(state);
        return 0;
    }
}
