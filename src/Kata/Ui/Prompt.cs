using Kata.Infrastructure;
using Spectre.Console;

namespace Kata.Ui;

/// <summary>Yes/no questions that refuse to guess when nobody can answer.</summary>
internal static class Prompt
{
    /// <summary>Asks; throws <see cref="KataToolException"/> on "no" or when the console cannot ask.</summary>
    public static void Confirm(IAnsiConsole console, string question)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            throw new KataToolException($"{question} This needs a yes, but the console is not interactive: add --yes to go ahead.");
        }
        if (!console.Confirm(Markup.Escape(question), defaultValue: false))
        {
            throw new KataToolException("Cancelled; nothing was changed.");
        }
    }
}
