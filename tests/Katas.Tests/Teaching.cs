using System.Diagnostics.CodeAnalysis;

namespace Katas.Tests;

/// <summary>Assertions that fail with a teaching sentence and nothing else.</summary>
internal static class Expect
{
    public static void That([DoesNotReturnIf(false)] bool ok, string sentence)
    {
        if (!ok)
        {
            throw new KataFailure(sentence);
        }
    }

    /// <summary>Like <see cref="That(bool, string)"/>, building the sentence only when it is needed.</summary>
    public static void That([DoesNotReturnIf(false)] bool ok, Func<string> sentence)
    {
        if (!ok)
        {
            throw new KataFailure(sentence());
        }
    }

    [DoesNotReturn]
    public static void Fail(string sentence, string? detail = null) => throw new KataFailure(sentence, detail);

    /// <summary>Shows a value in a message: strings quoted, sequences in brackets, null as null.</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{(s.Length <= 300 ? s : s[..300] + "...")}\"",
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Take(40).Select(Show)) + (e.Cast<object?>().Count() > 40 ? ", ..." : "") + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
