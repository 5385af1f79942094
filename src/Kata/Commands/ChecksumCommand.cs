using System.ComponentModel;
using Kata.Infrastructure;
using Kata.Repo;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kata.Commands;

/// <summary>checksum [--write] (maintainers): compares tests/Katas.Tests with its committed checksum, or rewrites it.</summary>
internal sealed class ChecksumCommand(ToolContext context) : Command<ChecksumCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--write")]
        [Description("Rewrite tests/Katas.Tests.sha256 from the tests as they are now (after changing tests; commit it).")]
        public bool Write { get; init; }
    }

    public override int Execute(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        Workspace workspace = context.OpenWorkspace();
        if (settings.Write)
        {
            File.WriteAllText(Path.Combine(workspace.Root, TestChecksum.FileName), TestChecksum.Compute(workspace.Root));
            context.Console.MarkupLine($"Wrote {TestChecksum.FileName}. Commit it with the tests.");
            return 0;
        }
        IReadOnlyList<string>? edits = TestChecksum.FindEdits(workspace.Root);
        if (edits is null)
        {
            throw new KataToolException($"There is no {TestChecksum.FileName}. Create it with: {context.FullToolCommand} checksum --write");
        }
        if (edits.Count == 0)
        {
            context.Console.MarkupLine("[green]The kata tests match their checksum.[/]");
            return 0;
        }
        context.Console.MarkupLine("[red]The kata tests differ from their checksum:[/]");
        foreach (string e in edits)
        {
            context.Console.MarkupLine($"  {Markup.Escape(e)}");
        }
        return 1;
    }
}
