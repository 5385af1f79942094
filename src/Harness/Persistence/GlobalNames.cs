using System.Text;

namespace Harness.Persistence;

/// <summary>
/// Finds the name of a Python class or function that a pickle refers to, to say what it was
/// when loading it failed half-way (an OrderedDict's items, an object's state). This is a
/// diagnostic read of the byte patterns Python's pickler emits, not a parser: the guarantee
/// that only plain data comes out is <see cref="PlainReader"/>'s.
/// </summary>
internal static class GlobalNames
{
    private const byte Global = (byte)'c';          // protocols 0-3: c MODULE \n NAME \n
    private const byte ShortBinUnicode = 0x8c;      // protocol 4+: two short strings, then STACK_GLOBAL
    private const byte Memoize = 0x94;
    private const byte StackGlobal = 0x93;

    /// <summary>Globals that stand for plain data (bytes, bytearray in older protocols).</summary>
    private static readonly string[] s_plain = ["_codecs.encode", "__builtin__.bytes", "__builtin__.bytearray", "builtins.bytearray", "builtins.bytes"];

    /// <summary>The first global named in <paramref name="data"/> that isn't plain data, or null.</summary>
    public static string? FindForeign(ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            string? name = data[i] switch
            {
                Global => TextGlobal(data[(i + 1)..]),
                ShortBinUnicode => StackGlobalAt(data[i..]),
                _ => null,
            };
            if (name is not null && !s_plain.Contains(name))
            {
                return name;
            }
        }
        return null;
    }

    private static string? TextGlobal(ReadOnlySpan<byte> rest)
    {
        int end1 = rest.IndexOf((byte)'\n');
        if (end1 <= 0 || end1 > 200)
        {
            return null;
        }
        int end2 = rest[(end1 + 1)..].IndexOf((byte)'\n');
        if (end2 <= 0 || end2 > 200)
        {
            return null;
        }
        string module = Encoding.ASCII.GetString(rest[..end1]);
        string name = Encoding.ASCII.GetString(rest.Slice(end1 + 1, end2));
        return IsIdentifier(module) && IsIdentifier(name) ? $"{module}.{name}" : null;
    }

    private static string? StackGlobalAt(ReadOnlySpan<byte> at)
    {
        if (ShortString(ref at) is not { } module || ShortString(ref at) is not { } name || at.IsEmpty || at[0] != StackGlobal)
        {
            return null;
        }
        return IsIdentifier(module) && IsIdentifier(name) ? $"{module}.{name}" : null;
    }

    private static string? ShortString(ref ReadOnlySpan<byte> at)
    {
        if (at.Length < 2 || at[0] != ShortBinUnicode || at.Length < 2 + at[1])
        {
            return null;
        }
        string s = Encoding.UTF8.GetString(at.Slice(2, at[1]));
        at = at[(2 + at[1])..];
        if (!at.IsEmpty && at[0] == Memoize)
        {
            at = at[1..];
        }
        return s;
    }

    private static bool IsIdentifier(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.');
}
