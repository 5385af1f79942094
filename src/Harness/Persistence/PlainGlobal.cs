using System.Text;

namespace Harness.Persistence;

/// <summary>
/// The only globals a pickle of plain data may name: those through which Python writes bytes
/// in protocols 0 to 2, which had no bytes opcode (<c>_codecs.encode(text, 'latin1')</c>,
/// <c>bytes()</c>, <c>bytearray(...)</c>). Every other global is refused by name when it is
/// read, before anything could call it.
/// </summary>
internal sealed class PlainGlobal
{
    private static readonly PlainGlobal s_encode = new("_codecs.encode");
    private static readonly PlainGlobal s_bytes = new("bytes");
    private static readonly PlainGlobal s_byteArray = new("bytearray");

    private readonly string _name;

    private PlainGlobal(string name) => _name = name;

    /// <exception cref="PickleException">The global is not one of the three.</exception>
    public static PlainGlobal Find(string module, string name) => (module, name) switch
    {
        ("_codecs", "encode") => s_encode,
        ("__builtin__" or "builtins", "bytes") => s_bytes,
        ("__builtin__" or "builtins", "bytearray") => s_byteArray,
        ("__builtin__" or "builtins", "set" or "frozenset") =>
            throw new PickleException("it holds a set (Python set or frozenset); only plain data loads (dict, list, tuple, str, int, float, bytes, bool, None)"),
        _ => throw Foreign($"{module}.{name}"),
    };

    public static PickleException Foreign(string name) =>
        new($"it holds an object of the Python class or function '{name}'; only plain data loads (dict, list, tuple, str, int, float, bytes, bool, None)");

    /// <summary>What REDUCE makes of this global and <paramref name="args"/>: always a byte[].</summary>
    /// <exception cref="PickleException">The arguments are not the ones Python writes.</exception>
    public byte[] Call(object? args)
    {
        if (args is not object?[] a)
        {
            throw new PickleException($"REDUCE calls {_name} with {TypedReader.PythonName(args)} instead of a tuple of arguments");
        }
        return (this == s_encode, a) switch
        {
            (true, [string text, string encoding]) => Encode(text, encoding),
            (false, []) => [],
            (false, [byte[] bytes]) => (byte[])bytes.Clone(),
            (false, [string text, string encoding]) => Encode(text, encoding),
            (false, [List<object?> items]) => FromInts(items),
            _ => throw new PickleException($"REDUCE calls {_name} with arguments Python never writes for bytes"),
        };
    }

    /// <summary>Python writes bytes as Latin-1 text; UTF-8 and ASCII, which Python would also accept here, are read too.</summary>
    private byte[] Encode(string text, string encoding)
    {
        string e = encoding.Replace('_', '-').ToLowerInvariant();
        if (e is "utf8" or "utf-8")
        {
            byte[] utf8 = new byte[PickleText.Utf8Length(text)];
            PickleText.EncodeUtf8(text, utf8);
            return utf8;
        }
        if (e is "ascii" or "us-ascii" && text.Any(c => c > 0x7F))
        {
            throw new PickleException($"REDUCE calls {_name} on text that is not ASCII, with the encoding 'ascii'");
        }
        if (e is not ("latin1" or "latin-1" or "iso-8859-1" or "iso8859-1" or "l1" or "ascii" or "us-ascii"))
        {
            throw new PickleException($"REDUCE calls {_name} with the encoding '{encoding}'; Python writes bytes with 'latin1'");
        }
        foreach (char c in text)
        {
            if (c > 0xFF)
            {
                throw new PickleException($"REDUCE calls {_name} on text that is not Latin-1");
            }
        }
        return Encoding.Latin1.GetBytes(text);
    }

    private byte[] FromInts(List<object?> items)
    {
        var bytes = new byte[items.Count];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = items[i] is int v and >= 0 and <= 255 ? (byte)v : throw new PickleException($"REDUCE calls {_name} with a list holding something other than 0..255");
        }
        return bytes;
    }
}
