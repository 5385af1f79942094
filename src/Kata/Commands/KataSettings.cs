using System.ComponentModel;
using Spectre.Console.Cli;

namespace Kata.Commands;

/// <summary>Settings of the commands that take an optional kata name.</summary>
internal class KataSettings : CommandSettings
{
    [CommandArgument(0, "[kata]")]
    [Description("The kata: its folder name (01-processes), number (1) or topic (processes). Default: the current kata.")]
    public string? Kata { get; init; }
}

/// <summary>Settings of the commands that ask before acting.</summary>
internal sealed class ConfirmSettings : KataSettings
{
    [CommandOption("-y|--yes")]
    [Description("Do not ask for confirmation.")]
    public bool Yes { get; init; }
}
