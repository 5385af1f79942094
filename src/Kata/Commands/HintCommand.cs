using System.ComponentModel;
using Kata.Infrastructure;
using Kata.Repo;
using Kata.Ui;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kata.Commands;

/// <summary>hint [kata]: shows the next hint of HINTS.md, one more each time; --back the one before, --all every one.</summary>
internal sealed class HintCommand(ToolContext context) : Command<HintCommand.Settings>
{
    internal sealed class Settings : KataSettings
    {
        [CommandOption("-b|--back")]
        [Description("Show the hint before the last one shown (the next plain hint then moves on from there).")]
        public bool Back { get; init; }

        [CommandOption("-a|--all")]
        [Description("Show every hint of the kata.")]
        public bool All { get; init; }

        public override ValidationResult Validate() =>
            Back && All ? ValidationResult.Error("Use --back or --all, not both.") : ValidationResult.Success();
    }

    public override int Execute(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        IAnsiConsole console = context.Console;
        Workspace workspace = context.OpenWorkspace();
        KataInfo kata = workspace.ResolveOrCurrent(settings.Kata);
        IReadOnlyList<Hint> hints = kata.ReadHints();
        if (hints.Count == 0)
        {
            console.MarkupLine($"[yellow]{kata.Name} has no hints[/] ({kata.RelativeKataDirectory}/HINTS.md is missing or has no '## Hint' sections).");
            return 0;
        }

        CacheState state = workspace.Cache.Load();
        int shown = Math.Min(state.HintsShown.GetValueOrDefault(kata.Name), hints.Count);
        int from, to;
        if (settings.All)
        {
            (from, to) = (0, hints.Count);
        }
        else if (settings.Back)
        {
            // The one before the last shown; with none or one shown, the first.
            int index = Math.Max(0, shown - 2);
            (from, to) = (index, index + 1);
        }
        else
        {
            int index = Math.Min(shown, hints.Count - 1);
            (from, to) = (index, index + 1);
        }
        for (int i = from; i < to; i++)
        {
            if (i > from)
            {
                console.WriteLine();
            }
            Show(console, kata, hints, i);
        }

        state.HintsShown[kata.Name] = settings.All ? hints.Count : to;
        workspace.Cache.Save(state);
        console.WriteLine();
        int left = hints.Count - state.HintsShown[kata.Name];
        string back = to > 1 ? $"; `{context.ToolCommand} hint --back` shows the one before" : "";
        console.Line(left > 0
            ? $"`{context.ToolCommand} hint` again shows the next one ({left} left){back}."
            : $"That was the last hint{back}. To compare with the reference: `{context.ToolCommand} solution {kata.Name}`", "grey");
        return 0;
    }

    private static void Show(IAnsiConsole console, KataInfo kata, IReadOnlyList<Hint> hints, int index)
    {
        Hint hint = hints[index];
        console.Write(new Rule($"[bold]{kata.Name}: {Markup.Escape(hint.Title)} ({index + 1} of {hints.Count})[/]").LeftJustified());
        List<MarkdownView.Line> lines = MarkdownView.Lines(hint.Body, console.Profile.Width - 2);
        console.Write(MarkdownView.ToRenderable([.. lines.Select(l => l with { Markup = l.Markup.Length == 0 ? "" : "  " + l.Markup })]));
    }
}
