using System.Globalization;
using System.Text;

namespace Harness.Persistence;

/// <summary>
/// The text encodings of the pickle protocol, as CPython uses them: UTF-8 with
/// <c>surrogatepass</c> for str (so a lone surrogate, which a Python str and a .NET string can
/// both hold, survives the trip), raw-unicode-escape for protocol 0's UNICODE, Python 2's string
/// escapes for STRING, and Python's <c>repr</c> of a float for protocol 0's FLOAT.
/// </summary>
internal static class PickleText
{
    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Bytes needed to write <paramref name="s"/> as UTF-8 with surrogatepass.</summary>
    public static int Utf8Length(string s)
    {
        if (!HasLoneSurrogate(s))
        {
            return Encoding.UTF8.GetByteCount(s);
        }
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c < 0x80) { n += 1; }
            else if (c < 0x800) { n += 2; }
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { n += 4; i++; }
            else { n += 3; } // a lone surrogate too, as CPython's surrogatepass writes it
        }
        return n;
    }

    /// <summary>Writes <paramref name="s"/> as UTF-8 with surrogatepass; <paramref name="into"/> has <see cref="Utf8Length"/> bytes.</summary>
    public static void EncodeUtf8(string s, Span<byte> into)
    {
        if (!HasLoneSurrogate(s))
        {
            Encoding.UTF8.GetBytes(s, into);
            return;
        }
        int at = 0;
        for (int i = 0; i < s.Length; i++)
        {
            int c = s[i];
            if (c < 0x80)
            {
                into[at++] = (byte)c;
            }
            else if (c < 0x800)
            {
                into[at++] = (byte)(0xC0 | (c >> 6));
                into[at++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (char.IsHighSurrogate((char)c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                int cp = char.ConvertToUtf32((char)c, s[++i]);
                into[at++] = (byte)(0xF0 | (cp >> 18));
                into[at++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                into[at++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                into[at++] = (byte)(0x80 | (cp & 0x3F));
            }
            else
            {
                into[at++] = (byte)(0xE0 | (c >> 12));
                into[at++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                into[at++] = (byte)(0x80 | (c & 0x3F));
            }
        }
    }

    /// <summary>Whether the text holds a surrogate that is not half of a pair (the vectorized scan keeps the common case cheap).</summary>
    public static bool HasLoneSurrogate(string s)
    {
        int first = s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return false;
        }
        for (int i = first; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Reads UTF-8 as CPython's pickle does (surrogatepass): a lone surrogate's three bytes give the surrogate back.</summary>
    /// <exception cref="PickleException">The bytes are not UTF-8 even so.</exception>
    public static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return s_strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return DecodeSurrogatePass(bytes);
        }
    }

    private static string DecodeSurrogatePass(ReadOnlySpan<byte> b)
    {
        var sb = new StringBuilder(b.Length);
        int i = 0;
        while (i < b.Length)
        {
            int c = b[i];
            int cp, need, min;
            if (c < 0x80) { sb.Append((char)c); i++; continue; }
            if (c is >= 0xC2 and <= 0xDF) { cp = c & 0x1F; need = 1; min = 0x80; }
            else if (c is >= 0xE0 and <= 0xEF) { cp = c & 0x0F; need = 2; min = 0x800; }
            else if (c is >= 0xF0 and <= 0xF4) { cp = c & 0x07; need = 3; min = 0x10000; }
            else { throw Invalid(i); }
            for (int k = 1; k <= need; k++)
            {
                if (i + k >= b.Length || (b[i + k] & 0xC0) != 0x80)
                {
                    throw Invalid(i);
                }
                cp = (cp << 6) | (b[i + k] & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF)
            {
                throw Invalid(i);
            }
            if (cp >= 0x10000)
            {
                sb.Append(char.ConvertFromUtf32(cp));
            }
            else
            {
                sb.Append((char)cp); // a surrogate here is one CPython wrote with surrogatepass
            }
            i += need + 1;
        }
        return sb.ToString();
    }

    private static PickleException Invalid(int at) => new($"a str in it is not valid UTF-8 (at byte {at} of the text)");

    /// <summary>Protocol 0's UNICODE argument: raw-unicode-escape, with the characters that would end the line escaped, as CPython writes it.</summary>
    public static void WriteRawUnicodeEscape(string s, List<byte> into)
    {
        for (int i = 0; i < s.Length; i++)
        {
            int cp = s[i];
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                cp = char.ConvertToUtf32(s[i], s[++i]);
            }
            // A lone surrogate is a code point of its own here, as in a Python str.
            if (cp < 0x100 && cp is not ('\\' or '\0' or '\n' or '\r' or 0x1A))
            {
                into.Add((byte)cp);
            }
            else
            {
                into.AddRange(Encoding.ASCII.GetBytes(cp < 0x10000 ? $"\\u{cp:x4}" : $"\\U{cp:x8}"));
            }
        }
    }

    /// <summary>Decodes raw-unicode-escape: bytes are Latin-1, except \uXXXX and \UXXXXXXXX after an odd number of backslashes.</summary>
    /// <exception cref="PickleException">A \u or \U escape is cut short or out of range.</exception>
    public static string DecodeRawUnicodeEscape(ReadOnlySpan<byte> b)
    {
        if (b.IndexOf((byte)'\\') < 0)
        {
            return Encoding.Latin1.GetString(b);
        }
        var sb = new StringBuilder(b.Length);
        int i = 0;
        while (i < b.Length)
        {
            if (b[i] != '\\')
            {
                sb.Append((char)b[i++]);
                continue;
            }
            int run = 0;
            while (i + run < b.Length && b[i + run] == '\\')
            {
                run++;
            }
            // All but the last backslash of the run are literal; the last escapes only when the run is odd.
            sb.Append('\\', run - 1);
            i += run - 1;
            if (run % 2 == 0 || i + 1 >= b.Length || (b[i + 1] != 'u' && b[i + 1] != 'U'))
            {
                sb.Append('\\');
                i++;
                continue;
            }
            int digits = b[i + 1] == 'u' ? 4 : 8;
            if (i + 2 + digits > b.Length
                || !int.TryParse(Encoding.ASCII.GetString(b.Slice(i + 2, digits)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int cp)
                || cp < 0 || cp > 0x10FFFF)
            {
                throw new PickleException($"a UNICODE argument has a bad \\{(char)b[i + 1]} escape");
            }
            if (cp >= 0x10000)
            {
                sb.Append(char.ConvertFromUtf32(cp));
            }
            else
            {
                sb.Append((char)cp);
            }
            i += 2 + digits;
        }
        return sb.ToString();
    }

    /// <summary>
    /// Decodes the quoted argument of protocol 0's STRING (Python 2's <c>repr</c> of a byte
    /// string), then reads it as ASCII, as Python 3's unpickler does by default.
    /// </summary>
    /// <exception cref="PickleException">It is not quoted, an escape is bad, or a byte is not ASCII.</exception>
    public static string DecodeQuotedString(ReadOnlySpan<byte> line)
    {
        if (line.Length < 2 || line[0] != line[^1] || (line[0] != '\'' && line[0] != '"'))
        {
            throw new PickleException("the STRING opcode argument must be quoted");
        }
        return BytesAsAscii(EscapeDecode(line[1..^1]), "STRING");
    }

    /// <summary>Python 2 byte strings (STRING, BINSTRING, SHORT_BINSTRING) load as str through ASCII, as Python 3's default encoding does.</summary>
    public static string BytesAsAscii(ReadOnlySpan<byte> bytes, string opcode)
    {
        int bad = bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
        if (bad >= 0)
        {
            throw new PickleException($"a Python 2 string ({opcode}) holds the byte 0x{bytes[bad]:X2}, which is not ASCII; Python 3 refuses it too unless told its encoding");
        }
        return Encoding.ASCII.GetString(bytes);
    }

    private static byte[] EscapeDecode(ReadOnlySpan<byte> s)
    {
        var result = new List<byte>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            byte c = s[i];
            if (c != '\\')
            {
                result.Add(c);
                continue;
            }
            if (++i >= s.Length)
            {
                throw new PickleException("a STRING argument ends with a lone backslash (a badly escaped string)");
            }
            c = s[i];
            switch ((char)c)
            {
                case '\n': break; // a line continuation
                case '\\': result.Add((byte)'\\'); break;
                case '\'': result.Add((byte)'\''); break;
                case '"': result.Add((byte)'"'); break;
                case 'b': result.Add(8); break;
                case 'f': result.Add(12); break;
                case 't': result.Add(9); break;
                case 'n': result.Add(10); break;
                case 'r': result.Add(13); break;
                case 'v': result.Add(11); break;
                case 'a': result.Add(7); break;
                case >= '0' and <= '7':
                {
                    int v = c - '0';
                    for (int k = 0; k < 2 && i + 1 < s.Length && s[i + 1] is >= (byte)'0' and <= (byte)'7'; k++)
                    {
                        v = (v * 8) + (s[++i] - '0');
                    }
                    result.Add((byte)v);
                    break;
                }
                case 'x':
                    if (i + 2 >= s.Length
                        || !byte.TryParse(Encoding.ASCII.GetString(s.Slice(i + 1, 2)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte x))
                    {
                        throw new PickleException("a STRING argument has an invalid \\x escape");
                    }
                    result.Add(x);
                    i += 2;
                    break;
                default:
                    result.Add((byte)'\\');
                    result.Add(c);
                    break;
            }
        }
        return [.. result];
    }

    /// <summary>Parses protocol 0's FLOAT argument as CPython does: no spaces, "inf" and "nan" in any case.</summary>
    public static double ParseFloat(ReadOnlySpan<byte> text)
    {
        string s = Encoding.ASCII.GetString(text);
        string word = s.TrimStart('+', '-').ToLowerInvariant();
        bool negative = s.StartsWith('-');
        if (word is "inf" or "infinity" && s.Length - word.Length <= 1)
        {
            return negative ? double.NegativeInfinity : double.PositiveInfinity;
        }
        if (word == "nan" && s.Length - word.Length <= 1)
        {
            return double.NaN;
        }
        if (s.Length == 0 || char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1]) || s.Contains('_', StringComparison.Ordinal)
            || !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
        {
            throw new PickleException($"the FLOAT argument '{Shorten(s)}' is not a number");
        }
        return d;
    }

    /// <summary>Python's <c>repr(float)</c>: the shortest text that reads back the same, in Python's layout.</summary>
    public static string FloatRepr(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }
        // .NET's shortest round-trip digits, laid out as Python lays them out.
        string shortest = d.ToString("R", CultureInfo.InvariantCulture);
        bool negative = shortest.StartsWith('-');
        string body = negative ? shortest[1..] : shortest;
        int exponent = 0;
        int e = body.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }
        int dot = body.IndexOf('.', StringComparison.Ordinal);
        string digits = dot < 0 ? body : body[..dot] + body[(dot + 1)..];
        int point = (dot < 0 ? body.Length : dot) + exponent; // digits[0..point] before the decimal point
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
            point--;
        }
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0)
        {
            return negative ? "-0.0" : "0.0";
        }
        string text;
        if (point > 16 || point <= -4)
        {
            string mantissa = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
            int exp = point - 1;
            text = $"{mantissa}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):00}";
        }
        else if (point <= 0)
        {
            text = "0." + new string('0', -point) + digits;
        }
        else if (point >= digits.Length)
        {
            text = digits + new string('0', point - digits.Length) + ".0";
        }
        else
        {
            text = $"{digits[..point]}.{digits[point..]}";
        }
        return negative ? "-" + text : text;
    }

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "..." : s;
}
