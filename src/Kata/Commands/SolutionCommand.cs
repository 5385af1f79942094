using Kata.Infrastructure;
using Kata.Repo;
using Kata.Ui;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kata.Commands;

/// <summary>solution [kata]: the reference solution as a diff against the learner's code; asks first while the kata is not passed.</summary>
internal sealed class SolutionCommand(ToolContext context) : Command<ConfirmSettings>
{
    public override int Execute(CommandContext commandContext, ConfirmSettings settings, CancellationToken cancellationToken)
    {
        IAnsiConsole console = context.Console;
        Workspace workspace = context.OpenWorkspace();
        KataInfo kata = workspace.ResolveOrCurrent(settings.Kata);
        IReadOnlyList<string> files = kata.SolutionSources();
        if (files.Count == 0)
        {
            throw new KataToolException($"There is no reference solution for {kata.Name} (solutions/{kata.Name}/ has no .cs files).");
        }

        KataProgress progress = workspace.Progress().First(p => p.Kata.Name == kata.Name);
        if (progress.Status != KataStatus.Done && !settings.Yes)
        {
            string why = progress.Status == KataStatus.NotRun ? "has not been checked yet" : "does not pass yet";
            Prompt.Confirm(console, $"{kata.Name} {why}. Seeing the solution now spoils the exercise. Show it anyway?");
        }

        foreach (string file in files)
        {
            string learnerPath = Path.Combine(kata.KataDirectory, file);
            string learner = File.Exists(learnerPath) ? File.ReadAllText(learnerPath) : "";
            string solution = File.ReadAllText(Path.Combine(kata.SolutionDirectory, file));
            console.Write(new Rule($"[bold]{kata.RelativeKataDirectory}/{Markup.Escape(file)}[/] [red]- yours[/]  [green]+ solution[/]").LeftJustified());
            if (!DiffView.Write(console, learner, solution))
            {
                console.MarkupLine("[green]  Same as the reference solution.[/]");
            }
        }
        return 0;
    }
}
