using System.ComponentModel;
using Kata.Infrastructure;
using Kata.Repo;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kata.Commands;

/// <summary>
/// checksum [--grading] [--write]: compares tests/Katas.Tests with its committed checksum, or
/// rewrites it (maintainers); with --grading, the same for the grading manifest of every protected
/// file (instructors, once per assignment).
/// </summary>
internal sealed class ChecksumCommand(ToolContext context) : Command<ChecksumCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--write")]
        [Description("Rewrite tests/Katas.Tests.sha256 from the tests as they are now (after changing tests; commit it).")]
        public bool Write { get; init; }

        [CommandOption("--grading")]
        [Description("Instructors: the grading manifest (grading.sha256) of tests/, src/, grading.json, the grade workflow and the build files, which grade checks before grading. Commit it to the assignment.")]
        public bool Grading { get; init; }
    }

    public override int Execute(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        Workspace workspace = context.OpenWorkspace();
        if (settings.Grading)
        {
            return Grading(workspace, settings.Write);
        }
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

    private int Grading(Workspace workspace, bool write)
    {
        if (write)
        {
            File.WriteAllText(Path.Combine(workspace.Root, GradingManifest.FileName), GradingManifest.Compute(workspace.Root));
            context.Console.MarkupLine($"Wrote {GradingManifest.FileName} ({GradingManifest.ProtectedFiles(workspace.Root).Count} files). Commit it to the assignment; grade refuses to grade while any of them differs.");
            return 0;
        }
        IReadOnlyList<string> changes = GradingManifest.FindChanges(workspace.Root)
            ?? throw new KataToolException($"There is no {GradingManifest.FileName}. Create it with: {context.FullToolCommand} checksum --grading --write");
        if (changes.Count == 0)
        {
            context.Console.MarkupLine("[green]The protected files match the grading manifest.[/]");
            return 0;
        }
        context.Console.MarkupLine($"[red]The protected files differ from {GradingManifest.FileName}:[/]");
        foreach (string c in changes)
        {
            context.Console.MarkupLine($"  {Markup.Escape(c)}");
        }
        return 1;
    }
}
