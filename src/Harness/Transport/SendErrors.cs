using System.Text.RegularExpressions;
using MessagePack;

namespace Harness.Transport;

/// <summary>
/// Turns MessagePack's failure to copy a value into a sentence that says which type can't cross
/// and what to send instead. MessagePack's own text names its internals ("The type initializer
/// for 'FormatterCache`1' threw an exception"), which tells a learner nothing.
/// </summary>
internal static partial class SendErrors
{
    /// <summary>Types MessagePack has no format for, though they look like plain numbers.</summary>
    private static readonly Dictionary<string, string> s_numbers = new(StringComparer.Ordinal)
    {
        ["System.Int128"] = "Int128",
        ["System.UInt128"] = "UInt128",
    };

    /// <summary>Why the value can't be copied, as the end of a sentence (no final period).</summary>
    public static string Reason(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Exception innermost = e;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }
        string? type = TypeIn(e);
        if (type is not null && s_numbers.TryGetValue(type, out string? name))
        {
            return $"the harness copies values between processes with MessagePack, which has no format for {name}. " +
                   $"Send its text instead (x.ToString(CultureInfo.InvariantCulture), read back with {name}.Parse(text, CultureInfo.InvariantCulture)), or a System.Numerics.BigInteger";
        }
        if (type is not null && innermost.Message.Contains("matched constructor", StringComparison.Ordinal))
        {
            return $"MessagePack, which copies values between processes, can't rebuild a {Short(type)}: it needs a public constructor whose parameters match its public properties (a record is simplest)";
        }
        return innermost.Message.TrimEnd('.');
    }

    /// <summary>The type MessagePack named in any of the messages, or null.</summary>
    private static string? TypeIn(Exception e)
    {
        // The innermost names the type that failed (Int128), the outer ones its container (List<Int128>).
        var chain = new List<Exception>();
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            chain.Add(x);
        }
        foreach (Exception x in Enumerable.Reverse(chain))
        {
            if (TypeName().Match(x.Message) is { Success: true } m)
            {
                return m.Groups[1].Value;
            }
        }
        foreach (Exception x in Enumerable.Reverse(chain))
        {
            if (x is MessagePackSerializationException && FailedType().Match(x.Message) is { Success: true } failed)
            {
                return failed.Groups[1].Value;
            }
        }
        return null;
    }

    private static string Short(string type) => type[(type.LastIndexOf('.') + 1)..];

    [GeneratedRegex(@"type:\s*([\w.`+]+)")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"Failed to (?:de)?serialize ([\w.`+]+) value")]
    private static partial Regex FailedType();
}
