using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Harness.Tests.Persistence;

/// <summary>
/// Bad input of every kind gives a PickleException naming the problem: never a hang, a crash,
/// running out of memory, or an object of a type nobody asked for.
/// </summary>
public sealed class PickleBadInputTests
{
    private static readonly byte[] s_course = Pickle.Dumps(PickleFixtures.Course());

    [Fact]
    public void Empty_data_is_refused_as_empty()
    {
        var load = () => Pickle.Loads([]);

        load.Should().Throw<PickleException>().WithMessage("*empty*");
    }

    [Fact]
    public void Every_truncation_of_a_pickle_is_refused()
    {
        for (int length = 1; length < s_course.Length; length++)
        {
            byte[] cut = s_course[..length];

            var load = () => Pickle.Loads(cut);

            load.Should().Throw<PickleException>("the first {0} of {1} bytes are not a whole pickle", length, s_course.Length)
                .WithMessage("*pickle data*");
        }
    }

    [Theory]
    [InlineData("json", "{\"da\": 111, \"2\": [23, 1, 4]}")]
    [InlineData("png", "\u0089PNG\r\n\u001a\n\0\0\0\rIHDR")]
    [InlineData("zip", "PK\u0003\u0004\u0014\0\0\0")]
    [InlineData("text", "hello world")]
    public void Another_format_is_refused_saying_it_is_not_a_pickle(string format, string content)
    {
        byte[] data = PickleFixtures.Ascii(content);

        var load = () => Pickle.Loads(data);

        load.Should().Throw<PickleException>("{0} data is not a pickle", format).WithMessage("*pickle*");
    }

    [Fact]
    public void A_protocol_newer_than_5_is_refused_by_number()
    {
        byte[] data = [0x80, 9, (byte)'K', 1, (byte)'.'];

        var load = () => Pickle.Loads(data);

        load.Should().Throw<PickleException>().WithMessage("*protocol*9*");
    }

    [Theory]
    [InlineData("list")]
    [InlineData("dict")]
    [InlineData("tuple")]
    public void Deep_nesting_is_refused_without_overflowing_the_stack(string kind)
    {
        const int depth = 200_000;
        var data = new MemoryStream();
        data.Write([0x80, 2]);
        switch (kind)
        {
            case "list": // [[[...]]]: EMPTY_LIST depth times, then APPEND depth - 1 times
                data.Write(Enumerable.Repeat((byte)']', depth).ToArray());
                data.Write(Enumerable.Repeat((byte)'a', depth - 1).ToArray());
                break;
            case "dict": // {0: {0: ...}}: EMPTY_DICT, then (key, EMPTY_DICT)..., SETITEM...
                data.WriteByte((byte)'}');
                for (int i = 1; i < depth; i++)
                {
                    data.Write([(byte)'K', 0, (byte)'}']);
                }
                data.Write(Enumerable.Repeat((byte)'s', depth - 1).ToArray());
                break;
            default: // ((((...),),),): NONE, then TUPLE1 depth times
                data.WriteByte((byte)'N');
                data.Write(Enumerable.Repeat((byte)0x85, depth).ToArray());
                break;
        }
        data.WriteByte((byte)'.');

        var load = () => Pickle.Loads(data.ToArray());

        load.Should().Throw<PickleException>().WithMessage("*more than 1000 levels deep*");
    }

    [Fact]
    public void Nesting_as_deep_as_Python_can_write_loads()
    {
        object? deep = "bottom";
        for (int i = 0; i < 900; i++)
        {
            deep = new List<object?> { deep };
        }
        var data = new MemoryStream();
        data.Write([0x80, 2]);
        data.Write(Enumerable.Repeat((byte)']', 900).ToArray());
        data.Write([(byte)'X', 6, 0, 0, 0, .. "bottom"u8]);
        data.Write(Enumerable.Repeat((byte)'a', 900).ToArray());
        data.WriteByte((byte)'.');

        Pickle.SameData(Pickle.Loads(data.ToArray()), deep).Should().BeTrue("900 levels are within Python's own limit");
    }

    public static TheoryData<string, byte[]> HugeLengths => new()
    {
        { "BINUNICODE8 of 2**62 bytes", [0x80, 4, 0x8d, .. Le64(1L << 62), (byte)'a', (byte)'.'] },
        { "BINBYTES8 of 2**40 bytes", [0x80, 4, 0x8e, .. Le64(1L << 40), (byte)'.'] },
        { "BINBYTES of 2**31-1 bytes", [0x80, 3, (byte)'B', .. Le32(int.MaxValue), (byte)'.'] },
        { "BINUNICODE of -1 bytes", [0x80, 2, (byte)'X', .. Le32(-1), (byte)'.'] },
        { "LONG4 of 2**31-1 bytes", [0x80, 2, 0x8b, .. Le32(int.MaxValue), (byte)'.'] },
        { "BYTEARRAY8 of 2**63-1 bytes", [0x80, 5, 0x96, .. Le64(long.MaxValue), (byte)'.'] },
        { "SHORT_BINUNICODE of 255 bytes", [0x80, 4, 0x8c, 255, (byte)'a', (byte)'.'] },
        { "a memo index never stored", [0x80, 2, (byte)'j', .. Le32(123456), (byte)'.'] },
    };

    [Theory]
    [MemberData(nameof(HugeLengths))]
    public void Huge_declared_lengths_are_refused_without_allocating_them(string what, byte[] data)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);

        var load = () => Pickle.Loads(data);

        load.Should().Throw<PickleException>("{0} is more than the data holds", what);
        (GC.GetTotalAllocatedBytes(precise: true) - before).Should().BeLessThan(16 << 20, "the declared length must not be allocated before the data is found short");
    }

    public static TheoryData<string, byte[], string> Globals => new()
    {
        { "os.system called through REDUCE", Encoding.ASCII.GetBytes("cos\nsystem\n(S'echo pwned'\ntR."), "os.system" },
        { "builtins.eval through REDUCE", Encoding.ASCII.GetBytes("c__builtin__\neval\n(S'1+1'\ntR."), "eval" },
        { "posix.system through STACK_GLOBAL", [0x80, 4, 0x8c, 5, .. "posix"u8, 0x94, 0x8c, 6, .. "system"u8, 0x94, 0x93, 0x94, 0x8c, 2, .. "id"u8, 0x85, (byte)'R', (byte)'.'], "posix.system" },
        { "a bare global", Encoding.ASCII.GetBytes("cos\nsystem\n."), "os.system" },
        { "subprocess.Popen through INST", Encoding.ASCII.GetBytes("(S'ls'\nisubprocess\nPopen\n."), "subprocess.Popen" },
        { "a Python exception", Encoding.ASCII.GetBytes("cbuiltins\nValueError\n(S'boom'\ntR."), "ValueError" },
        { "System.Diagnostics.Process by its .NET name", Encoding.ASCII.GetBytes("cSystem.Diagnostics\nProcess\n)R."), "System.Diagnostics.Process" },
    };

    [Theory]
    [MemberData(nameof(Globals))]
    public void Unknown_globals_are_refused_by_name(string what, byte[] data, string named)
    {
        var load = () => Pickle.Loads(data);

        load.Should().Throw<PickleException>("{0} is code or an object, not plain data", what).WithMessage($"*{named}*");
        var typed = () => Pickle.Loads<object>(data);
        typed.Should().Throw<PickleException>("the typed load is no way around it");
    }

    [Theory]
    [InlineData("c_codecs\nencode\n.")]
    [InlineData("]c_codecs\nencode\na.")]
    [InlineData("}K\u0001c__builtin__\nbytes\ns.")]
    [InlineData("c__builtin__\nbytearray\n\u0085.")]
    public void A_bytes_writing_global_that_is_stored_instead_of_called_is_refused(string pickled)
    {
        // _codecs.encode and bytes() may only be called by REDUCE: as values they would be functions, not plain data.
        var load = () => Pickle.Loads(Encoding.Latin1.GetBytes(pickled));

        load.Should().Throw<PickleException>().WithMessage("*global*");
    }

    [Fact]
    public void A_dict_with_None_as_a_key_is_refused_naming_the_None_key()
    {
        byte[] data = [0x80, 4, (byte)'}', (byte)'N', (byte)'K', 1, (byte)'s', (byte)'.']; // {None: 1}

        var load = () => Pickle.Loads(data);

        load.Should().Throw<PickleException>().WithMessage("*None as a key*");
    }

    [Fact]
    public void A_huge_decimal_integer_in_text_form_is_handled_without_hanging()
    {
        byte[] data = [(byte)'L', .. Enumerable.Repeat((byte)'9', 200_000), (byte)'L', (byte)'\n', (byte)'.'];

        object? loaded = Pickle.Loads(data);

        loaded.Should().BeOfType<BigInteger>().Which.Should().BeGreaterThan(BigInteger.Zero);
    }

    [Fact]
    public async Task Thousands_of_mutated_pickles_load_as_plain_data_or_fail_with_PickleException()
    {
        var seeds = new List<byte[]> { s_course, Pickle.Dumps(PickleFixtures.Rich()) };
        seeds.AddRange(Enumerable.Range(0, 6).Select(p => File.ReadAllBytes(PickleFixtures.PathOf($"course.p{p}.pickle"))));
        seeds.AddRange(Enumerable.Range(2, 4).Select(p => File.ReadAllBytes(PickleFixtures.PathOf($"rich.p{p}.pickle"))));
        var random = new Random(20240607);
        int loaded = 0, refused = 0;

        var fuzz = Task.Run(() =>
        {
            for (int i = 0; i < 6000; i++)
            {
                byte[] data = Mutate(seeds[random.Next(seeds.Count)], random);
                try
                {
                    AssertPlain(Pickle.Loads(data), PickleFixtures.Hex(data));
                    loaded++;
                }
                catch (PickleException)
                {
                    refused++;
                }
            }
        }, TestContext.Current.CancellationToken);

        // A TimeoutException here means a load hung: 6000 small inputs take a second or two.
        await fuzz.WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
        (loaded + refused).Should().Be(6000);
        refused.Should().BeGreaterThan(1000, "most mutations break the pickle, and each must be refused with a PickleException");
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var data = new List<byte>(seed);
        int edits = random.Next(1, 6);
        for (int e = 0; e < edits && data.Count > 0; e++)
        {
            int at = random.Next(data.Count);
            switch (random.Next(5))
            {
                case 0: data[at] = (byte)random.Next(256); break;
                case 1: data[at] ^= (byte)(1 << random.Next(8)); break;
                case 2: data.Insert(at, (byte)random.Next(256)); break;
                case 3: data.RemoveAt(at); break;
                default: data.RemoveRange(at, data.Count - at); break;
            }
        }
        return [.. data];
    }

    /// <summary>Fails unless everything in the graph is one of the plain types of API.md.</summary>
    private static void AssertPlain(object? value, string input)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object?>();
        pending.Push(value);
        while (pending.Count > 0)
        {
            object? v = pending.Pop();
            if (v is null or string or bool or int or long or BigInteger or double or byte[] || !seen.Add(v))
            {
                continue;
            }
            switch (v)
            {
                case object?[] t when t.GetType() == typeof(object[]):
                    t.ToList().ForEach(pending.Push);
                    break;
                case List<object?> l:
                    l.ForEach(pending.Push);
                    break;
                case Dictionary<object, object?> d:
                    foreach (var (k, x) in d)
                    {
                        pending.Push(k);
                        pending.Push(x);
                    }
                    break;
                default:
                    throw new Xunit.Sdk.XunitException($"Loading {input} gave a {v.GetType().FullName}, which is not plain data.");
            }
        }
    }

    private static byte[] Le32(int v)
    {
        byte[] b = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, v);
        return b;
    }

    private static byte[] Le64(long v)
    {
        byte[] b = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, v);
        return b;
    }
}
