using System.Numerics;

namespace Harness.Tests.Conformance;

/// <summary>
/// The values of Fixtures/make_conformance_pickles.py in C#, built with the same sharing (the
/// same object in two places is one .NET object too), and helpers to read the fixtures and
/// list a pickle's opcodes (pickletools.genops, for the opcode checks of pickletester).
/// </summary>
internal static class PickleCases
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Conformance", "Fixtures", name);

    public static byte[] Fixture(string name, int protocol) => File.ReadAllBytes(PathOf($"{name}.p{protocol}.pickle"));

    public static readonly string[] Unicode = ["", "<\\u>", "<\\\u1234>", "<\n>", "<\\>", "<\\\U00012345>", "<\udc80>"];

    /// <summary>Each case's name and a builder of its value (a new graph each call).</summary>
    public static readonly (string Name, Func<object?> Make)[] All =
    [
        ("course", () => new Dictionary<object, object?> { ["da"] = 111, [2] = new List<object?> { 23, 1, 4 }, ["24"] = new Dictionary<object, object?> { [1] = 2, ["d"] = "sad" } }),
        ("plain_data", PlainData),
        .. Unicode.Select((u, i) => ($"unicode_{i}", (Func<object?>)(() => u))),
        ("unicode_high_plane", () => "\U00012345"),
        ("bytes_empty", () => Array.Empty<byte>()),
        ("bytes_xyz", () => "xyz"u8.ToArray()),
        ("bytes_xyz_300", () => Enumerable.Repeat("xyz"u8.ToArray(), 100).SelectMany(b => b).ToArray()),
        ("bytes_all_single", () => Enumerable.Range(0, 256).Select(i => (object?)new[] { (byte)i }).ToList()),
        ("ints", Ints),
        ("longs", Longs),
        ("long1", () => BigInteger.Parse("12345678910111213141516178920", System.Globalization.CultureInfo.InvariantCulture)),
        ("long4", () => BigInteger.Parse("12345678910111213141516178920", System.Globalization.CultureInfo.InvariantCulture) << (256 * 8)),
        ("floats", Floats),
        ("tuple_0", () => Array.Empty<object?>()),
        ("tuple_1", () => new object?[] { 1 }),
        ("tuple_2", () => new object?[] { 1, 2 }),
        ("tuple_3", () => new object?[] { 1, 2, 3 }),
        ("tuple_4", () => new object?[] { 1, 2, 3, 4 }),
        ("none", () => null),
        ("true", () => true),
        ("false", () => false),
        ("list_chunking_10", () => Enumerable.Range(0, 10).Cast<object?>().ToList()),
        ("list_chunking_2500", () => Enumerable.Range(0, 2500).Cast<object?>().ToList()),
        ("dict_chunking_10", () => Enumerable.Range(0, 10).ToDictionary(i => (object)i, _ => (object?)null)),
        ("dict_chunking_2500", () => Enumerable.Range(0, 2500).ToDictionary(i => (object)i, _ => (object?)null)),
        ("recursive_list", RecursiveList),
        ("recursive_dict", RecursiveDict),
        ("recursive_tuple_and_list", RecursiveTupleAndList),
        ("recursive_tuple_and_dict", RecursiveTupleAndDict),
        ("many_puts_and_gets", ManyPutsAndGets),
        ("framing_large_str", () => new List<object?> { new string('x', 40000), new string('y', 40000), new string('z', 70000) }),
        ("framing_large_bytes", () => new List<object?> { Enumerable.Repeat((byte)'x', 70000).ToArray(), 1, Enumerable.Repeat((byte)'y', 100).ToArray() }),
    ];

    public static Func<object?> Make(string name) => All.Single(c => c.Name == name).Make;

    private static object? PlainData()
    {
        var c = new Dictionary<object, object?> { ["foo"] = 1, ["bar"] = 2 };
        var x = new List<object?> { 0, 1, 2.0, 3.0, 1, -1, 0xff, -0xff, -0xff - 1, 0xffff, -0xffff, -0xffff - 1, 0x7fffffff, -0x7fffffff, -0x7fffffff - 1 };
        var y = new object?[] { "abc", "abc", c, c };
        x.Add(y);
        x.Add(y);
        x.Add(5);
        return x;
    }

    private static object? Ints()
    {
        var values = new List<object?>();
        for (long n = long.MaxValue; n != 0; n >>= 1)
        {
            values.Add(-n);
            values.Add(n);
        }
        return values;
    }

    private static object? Longs()
    {
        var values = new List<object?>();
        foreach (int nbits in new[] { 1, 8, 8 * 254, 8 * 255, 8 * 256, 8 * 257 })
        {
            BigInteger nbase = BigInteger.One << nbits;
            foreach (BigInteger npos in new[] { nbase - 1, nbase, nbase + 1 })
            {
                values.Add(Smallest(npos));
                values.Add(Smallest(-npos));
            }
        }
        return values;
    }

    /// <summary>What the harness loads an int as: the smallest of int, long and BigInteger.</summary>
    public static object Smallest(BigInteger v) =>
        v >= int.MinValue && v <= int.MaxValue ? (int)v : v >= long.MinValue && v <= long.MaxValue ? (long)v : v;

    private static object? Floats()
    {
        double[] v = [0.0, 4.94e-324, 1e-310, 7e-308, 6.626e-34, 0.1, 0.5, 3.14, 263.44582062374053, 6.022e23, 1e30];
        return v.Concat(v.Select(x => -x)).Cast<object?>().ToList();
    }

    private static object? RecursiveList()
    {
        var l = new List<object?>();
        l.Add(l);
        return l;
    }

    private static object? RecursiveDict()
    {
        var d = new Dictionary<object, object?>();
        d[1] = d;
        return d;
    }

    private static object? RecursiveTupleAndList()
    {
        var inner = new List<object?>();
        var t = new object?[] { inner };
        inner.Add(t);
        return t;
    }

    private static object? RecursiveTupleAndDict()
    {
        var inner = new Dictionary<object, object?>();
        var t = new object?[] { inner };
        inner[1] = t;
        return t;
    }

    private static object? ManyPutsAndGets()
    {
        // Python's dict(large_dict) copies share their keys and their lists: so do these.
        var large = Enumerable.Range(0, 100).ToDictionary(i => (object)("aaa" + i), _ => (object?)new List<object?> { 4, 5, 6 });
        return new List<object?> { new Dictionary<object, object?>(large), new Dictionary<object, object?>(large), new Dictionary<object, object?>(large) };
    }

    /// <summary>
    /// Each opcode of a pickle with its position and the length of its data argument (FRAME: the
    /// frame's length; bytes and str: their length; 0 for others), like pickletools.genops.
    /// </summary>
    public static List<(byte Op, int At, long ArgLength)> Ops(byte[] p)
    {
        var ops = new List<(byte, int, long)>();
        int i = 0;
        while (i < p.Length)
        {
            int at = i;
            byte op = p[i++];
            long arg = 0;
            int skip;
            switch (op)
            {
                case (byte)'F' or (byte)'I' or (byte)'L' or (byte)'S' or (byte)'V' or (byte)'g' or (byte)'p' or (byte)'P':
                    skip = Array.IndexOf(p, (byte)'\n', i) - i + 1;
                    break;
                case (byte)'c' or (byte)'i':
                    skip = Array.IndexOf(p, (byte)'\n', Array.IndexOf(p, (byte)'\n', i) + 1) - i + 1;
                    break;
                case (byte)'J' or (byte)'j' or (byte)'r' or 0x84:
                    skip = 4;
                    break;
                case (byte)'K' or (byte)'h' or (byte)'q' or 0x80 or 0x82:
                    skip = 1;
                    break;
                case (byte)'M' or 0x83:
                    skip = 2;
                    break;
                case (byte)'G':
                    skip = 8;
                    break;
                case 0x95:
                    arg = BitConverter.ToInt64(p, i);
                    skip = 8;
                    break;
                case (byte)'T' or (byte)'X' or (byte)'B' or 0x8b:
                    arg = BitConverter.ToInt32(p, i);
                    skip = 4 + (int)arg;
                    break;
                case (byte)'U' or (byte)'C' or 0x8a or 0x8c:
                    arg = p[i];
                    skip = 1 + (int)arg;
                    break;
                case 0x8d or 0x8e or 0x96:
                    arg = BitConverter.ToInt64(p, i);
                    skip = 8 + (int)arg;
                    break;
                default:
                    skip = 0;
                    break;
            }
            ops.Add((op, at, arg));
            if (op == (byte)'.')
            {
                break;
            }
            i += skip;
        }
        return ops;
    }

    /// <summary>The opcodes of a pickle, in order, like <c>[op.code for op, arg, pos in pickletools.genops(p)]</c>.</summary>
    public static List<byte> Opcodes(byte[] p) => [.. Ops(p).Select(o => o.Op)];

    public static int Count(byte[] p, byte opcode) => Opcodes(p).Count(o => o == opcode);

    public static string Hex(byte[] data) => string.Concat(data.Take(120).Select(b => b is >= 32 and < 127 ? ((char)b).ToString() : $"\\x{b:x2}")) + (data.Length > 120 ? "..." : "");
}
