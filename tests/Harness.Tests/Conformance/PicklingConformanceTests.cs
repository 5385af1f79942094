using System.Numerics;

namespace Harness.Tests.Conformance;

/// <summary>
/// CPython's <c>AbstractPickleTests</c> and <c>AbstractPickleModuleTests</c> for plain data, case
/// by case, each test keeping the case's name; and every case of
/// Fixtures/make_conformance_pickles.py at every protocol: CPython's bytes load as the same
/// value, and <see cref="Pickle.Dumps(object?, int)"/> writes CPython's bytes exactly.
/// Deliberate differences, said in one line where they occur: .NET has one byte string type, so
/// a bytearray is written as bytes; classes, sets and functions are not pickled.
/// </summary>
public sealed class PicklingConformanceTests
{
    public static TheoryData<int> Protocols => [0, 1, 2, 3, 4, 5];

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var (name, _) in PickleCases.All)
        {
            for (int p = 0; p <= 5; p++)
            {
                data.Add(name, p);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_case_CPython_wrote_loads_as_the_same_data(string name, int protocol)
    {
        object? loaded = Pickle.Loads(PickleCases.Fixture(name, protocol));

        if (name.StartsWith("recursive_", StringComparison.Ordinal))
        {
            // SameData can't walk a cycle; writing the loaded graph again must give CPython's bytes, which pins its shape exactly.
            Pickle.Dumps(loaded, protocol).Should().Equal(PickleCases.Fixture(name, protocol), "{0} at protocol {1} must load as the same cycle", name, protocol);
            return;
        }
        Pickle.SameData(loaded, PickleCases.Make(name)()).Should().BeTrue("{0} at protocol {1} must load as CPython's value", name, protocol);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_case_is_written_byte_for_byte_as_CPython_writes_it(string name, int protocol)
    {
        byte[] ours = Pickle.Dumps(PickleCases.Make(name)(), protocol);
        byte[] theirs = PickleCases.Fixture(name, protocol);

        ours.Should().Equal(theirs, "{0} at protocol {1}: ours {2}, CPython's {3}", name, protocol, PickleCases.Hex(ours), PickleCases.Hex(theirs));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_bytearray_loads_as_bytes_and_is_written_as_bytes(int protocol)
    {
        // Deliberate difference: .NET's byte[] is both bytes and bytearray; it is written as bytes, which Python loads as bytes.
        Pickle.Loads(PickleCases.Fixture("bytearray_xyz", protocol)).Should().BeEquivalentTo("xyz"u8.ToArray());
        Pickle.Dumps("xyz"u8.ToArray(), protocol).Should().Equal(PickleCases.Fixture("bytes_xyz", protocol));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_roundtrip_equality(int protocol)
    {
        object? expected = PickleCases.Make("plain_data")();

        Pickle.SameData(Pickle.Loads(Pickle.Dumps(expected, protocol)), expected).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_recursive_list(int protocol)
    {
        var l = new List<object?>();
        l.Add(l);

        var x = (List<object?>)Pickle.Loads(Pickle.Dumps(l, protocol))!;

        x.Should().ContainSingle().Which.Should().BeSameAs(x);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_recursive_dict(int protocol)
    {
        var d = new Dictionary<object, object?>();
        d[1] = d;

        var x = (Dictionary<object, object?>)Pickle.Loads(Pickle.Dumps(d, protocol))!;

        x.Keys.Should().Equal(1);
        x[1].Should().BeSameAs(x);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_recursive_tuple_and_list(int protocol)
    {
        var t = (object?[])PickleCases.Make("recursive_tuple_and_list")()!;

        var x = (object?[])Pickle.Loads(Pickle.Dumps(t, protocol))!;

        x.Should().ContainSingle();
        var inner = x[0].Should().BeOfType<List<object?>>().Subject;
        inner.Should().ContainSingle().Which.Should().BeSameAs(x, "the tuple inside the list is the outer tuple itself");
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_recursive_tuple_and_dict(int protocol)
    {
        var t = (object?[])PickleCases.Make("recursive_tuple_and_dict")()!;

        var x = (object?[])Pickle.Loads(Pickle.Dumps(t, protocol))!;

        var inner = x[0].Should().BeOfType<Dictionary<object, object?>>().Subject;
        inner[1].Should().BeSameAs(x);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_unicode(int protocol)
    {
        foreach (string u in PickleCases.Unicode)
        {
            Pickle.Loads(Pickle.Dumps(u, protocol)).Should().Be(u, "protocol {0} must keep {1} as it is, a lone surrogate included", protocol, u);
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_unicode_high_plane(int protocol) => Pickle.Loads(Pickle.Dumps("\U00012345", protocol)).Should().Be("\U00012345");

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_bytes(int protocol)
    {
        byte[][] cases = [[], "xyz"u8.ToArray(), [.. Enumerable.Repeat("xyz"u8.ToArray(), 100).SelectMany(b => b)],
            .. Enumerable.Range(0, 256).Select(i => new[] { (byte)i }), .. Enumerable.Range(0, 256).Select(i => new[] { (byte)i, (byte)i })];
        foreach (byte[] s in cases)
        {
            Pickle.Loads(Pickle.Dumps(s, protocol)).Should().BeOfType<byte[]>().Which.Should().Equal(s);
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_bytearray_memoization_bug(int protocol)
    {
        foreach (byte[] b in new[] { Array.Empty<byte>(), "xyz"u8.ToArray() })
        {
            var pair = (object?[])Pickle.Loads(Pickle.Dumps(new object?[] { b, b }, protocol))!;
            pair[0].Should().BeSameAs(pair[1], "the same bytes twice are one object after loading");
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_ints(int protocol)
    {
        for (long n = long.MaxValue; n != 0; n >>= 1)
        {
            foreach (long expected in new[] { -n, n })
            {
                PlainInt(Pickle.Loads(Pickle.Dumps(expected, protocol))).Should().Be(expected);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_long(int protocol)
    {
        foreach (object? n in (List<object?>)PickleCases.Make("longs")()!)
        {
            Pickle.SameData(Pickle.Loads(Pickle.Dumps(n, protocol)), n).Should().BeTrue("{0} at protocol {1}", n, protocol);
        }
    }

    [Fact]
    public void test_long_monster_at_protocol_2()
    {
        BigInteger nbase = BigInteger.Parse("0deadbeeffeedface", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        nbase += nbase << 1_000_000;
        foreach (BigInteger n in new[] { nbase, -nbase })
        {
            Pickle.Loads(Pickle.Dumps(n, 2)).Should().BeOfType<BigInteger>().Which.Should().Be(n);
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_float(int protocol)
    {
        foreach (double value in ((List<object?>)PickleCases.Make("floats")()!).Cast<double>())
        {
            double got = (double)Pickle.Loads(Pickle.Dumps(value, protocol))!;
            BitConverter.DoubleToInt64Bits(got).Should().Be(BitConverter.DoubleToInt64Bits(value), "{0} at protocol {1}", value, protocol);
        }
    }

    [Fact]
    public void test_float_format() => Pickle.Dumps(1.2, 0)[..3].Should().Equal("F1."u8.ToArray(), "protocol 0 writes floats with a point, whatever the culture");

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_proto(int protocol)
    {
        byte[] pickled = Pickle.Dumps(null, protocol);

        if (protocol >= 2)
        {
            pickled[..2].Should().Equal(0x80, (byte)protocol);
        }
        else
        {
            PickleCases.Count(pickled, 0x80).Should().Be(0);
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_long1_and_test_long4(int protocol)
    {
        foreach (var (name, opcode) in new[] { ("long1", (byte)0x8a), ("long4", (byte)0x8b) })
        {
            object? x = PickleCases.Make(name)();
            byte[] s = Pickle.Dumps(x, protocol);
            Pickle.SameData(Pickle.Loads(s), x).Should().BeTrue();
            (PickleCases.Count(s, opcode) > 0).Should().Be(protocol >= 2, "{0} uses its opcode from protocol 2 on", name);
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_short_tuples(int protocol)
    {
        for (int length = 0; length <= 4; length++)
        {
            object?[] x = [.. Enumerable.Range(1, length).Cast<object?>()];
            byte[] s = Pickle.Dumps(x, protocol);
            Pickle.SameData(Pickle.Loads(s), x).Should().BeTrue();
            byte expected = (Math.Min(protocol, 3), length) switch
            {
                (0, _) => (byte)'t',
                (_, 0) => (byte)')',
                (1, _) or (_, 4) => (byte)'t',
                _ => (byte)(0x85 + length - 1),
            };
            PickleCases.Opcodes(s).Should().Contain(expected, "a tuple of {0} at protocol {1}", length, protocol);
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_singletons(int protocol)
    {
        foreach (object? x in new object?[] { null, false, true })
        {
            byte[] s = Pickle.Dumps(x, protocol);
            Pickle.Loads(s).Should().Be(x);
            byte expected = x is null ? (byte)'N' : protocol < 2 ? (byte)'I' : (bool)x ? (byte)0x88 : (byte)0x89;
            PickleCases.Opcodes(s).Should().Contain(expected);
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_list_chunking(int protocol)
    {
        foreach (int n in new[] { 10, 2500 })
        {
            var x = Enumerable.Range(0, n).Cast<object?>().ToList();
            byte[] s = Pickle.Dumps(x, protocol);
            Pickle.SameData(Pickle.Loads(s), x).Should().BeTrue();
            int appends = PickleCases.Count(s, (byte)'e');
            if (protocol == 0)
            {
                appends.Should().Be(0, "protocol 0 has no APPENDS");
            }
            else
            {
                appends.Should().Be(n / 1000 + 1 > 1 ? (n + 999) / 1000 : 1, "APPENDS batches of 1000 items");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_dict_chunking(int protocol)
    {
        foreach (int n in new[] { 10, 2500 })
        {
            var x = Enumerable.Range(0, n).ToDictionary(i => (object)i, _ => (object?)null);
            byte[] s = Pickle.Dumps(x, protocol);
            Pickle.SameData(Pickle.Loads(s), x).Should().BeTrue();
            int setitems = PickleCases.Count(s, (byte)'u');
            setitems.Should().Be(protocol == 0 ? 0 : (n + 999) / 1000, "SETITEMS batches of 1000 pairs");
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_many_puts_and_gets(int protocol)
    {
        object? obj = PickleCases.Make("many_puts_and_gets")();

        Pickle.SameData(Pickle.Loads(Pickle.Dumps(obj, protocol)), obj).Should().BeTrue("more than 256 memo entries need LONG_BINPUT and LONG_BINGET");
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_int_pickling_efficiency(int protocol)
    {
        var pickles = Enumerable.Range(0, 70).Select(n => Pickle.Dumps(BigInteger.Pow(2, n), protocol)).ToList();
        var sizes = pickles.Select(p => p.Length).ToList();

        sizes.Should().BeInAscendingOrder("the size of an int's pickle grows with the int");
        if (protocol >= 2)
        {
            pickles.Should().OnlyContain(p => !PickleCases.Opcodes(p).Contains((byte)'L'), "protocol 2 writes no text LONG");
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void test_framing_many_objects(int protocol)
    {
        var obj = Enumerable.Range(0, 100_000).Cast<object?>().ToList();
        byte[] pickled = Pickle.Dumps(obj, protocol);

        Pickle.SameData(Pickle.Loads(pickled), obj).Should().BeTrue();
        double bytesPerFrame = (double)pickled.Length / PickleCases.Count(pickled, 0x95);
        bytesPerFrame.Should().BeGreaterThan(64 * 1024 / 2).And.BeLessThanOrEqualTo(64 * 1024 * 1.0);
        CheckFrameOpcodes(pickled);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void test_framing_large_objects(int protocol)
    {
        const int n = 1024 * 1024;
        var obj = new List<object?> { Enumerable.Repeat((byte)'x', n).ToArray() };
        obj.AddRange(Enumerable.Range(0, 10).Select(i => (object?)new List<object?> { i }));
        obj.Add(Enumerable.Repeat((byte)'y', n).ToArray());
        obj.Add(new string('z', n));

        byte[] pickled = Pickle.Dumps(obj, protocol);

        Pickle.SameData(Pickle.Loads(pickled), obj).Should().BeTrue();
        PickleCases.Count(pickled, 0x95).Should().Be(1, "one frame for the small objects between the first two large ones");
        CheckFrameOpcodes(pickled);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void test_optional_frames(int protocol)
    {
        var obj = Enumerable.Range(0, 20).ToDictionary(i => (object)i, i => (object?)Enumerable.Repeat((byte)i, 64 * 1024).ToArray());
        byte[] pickled = Pickle.Dumps(obj, protocol);

        byte[] frameless = RemoveFrames(pickled, _ => false);
        byte[] someFrames = RemoveFrames(pickled, i => i % 2 == 1);

        PickleCases.Count(frameless, 0x95).Should().Be(0);
        Pickle.SameData(Pickle.Loads(frameless), obj).Should().BeTrue("frames are optional for a reader");
        PickleCases.Count(someFrames, 0x95).Should().BeLessThan(PickleCases.Count(pickled, 0x95));
        Pickle.SameData(Pickle.Loads(someFrames), obj).Should().BeTrue();
    }

    [Fact]
    public void test_highest_protocol_and_the_default()
    {
        Pickle.HighestProtocol.Should().Be(5, "pickle.HIGHEST_PROTOCOL in CPython 3.8 and later");
        Pickle.DefaultProtocol.Should().Be(4, "pickle.DEFAULT_PROTOCOL in CPython 3.8 and later");
        Pickle.Dumps(1)[..2].Should().Equal(0x80, 4);
        Pickle.Dumps(1, -1)[..2].Should().Equal(new byte[] { 0x80, 5 }, "a negative protocol means the highest, as in Python");
        FluentActions.Invoking(() => Pickle.Dumps(1, 6)).Should().Throw<ArgumentOutOfRangeException>("Python raises ValueError for a protocol above the highest");
    }

    [Fact]
    public void test_callapi()
    {
        using var f = new MemoryStream();
        Pickle.Dump(123, f);
        Pickle.Dump(123, f, 2);
        Pickle.Dumps(123).Should().NotBeEmpty();
        Pickle.Dumps(123, 2).Should().NotBeEmpty();
        Pickle.Loads(Pickle.Dumps(123, 2)).Should().Be(123);
        f.Position = 0;
        // Deliberate difference: Load reads the rest of the stream as one pickle, so two pickles in a row don't load one by one.
        Pickle.Load(new MemoryStream(Pickle.Dumps(123, 3))).Should().Be(123);
    }

    [Fact]
    public void test_incomplete_input() =>
        FluentActions.Invoking(() => Pickle.Load(new MemoryStream("X''."u8.ToArray()))).Should().Throw<PickleException>();

    private static long PlainInt(object? loaded) => loaded switch
    {
        int i => i,
        long l => l,
        _ => throw new Xunit.Sdk.XunitException($"expected an int or a long, got {loaded?.GetType().Name}"),
    };

    /// <summary>pickletester's check_frame_opcodes: frames never split an opcode, only short data sits outside them, and large bytes or str stand alone.</summary>
    private static void CheckFrameOpcodes(byte[] pickled)
    {
        const int frameSizeMin = 4, frameSizeTarget = 64 * 1024;
        long? frameEnd = null;
        int? framelessStart = null;
        int pos;
        foreach (var (op, at, argLength) in PickleCases.Ops(pickled))
        {
            if (frameEnd is { } end)
            {
                ((long)at).Should().BeLessThanOrEqualTo(end, "an opcode must not straddle the end of its frame");
                if (at == end)
                {
                    frameEnd = null;
                }
            }
            bool large = op is (byte)'B' or (byte)'X' or 0x8e or 0x8d or 0x96;
            if (frameEnd is not null)
            {
                op.Should().NotBe(0x95, "frames don't nest");
                if (large)
                {
                    argLength.Should().BeLessThanOrEqualTo(frameSizeTarget, "only short bytes and str are framed");
                }
            }
            else if (op == 0x95 || (large && argLength > frameSizeTarget))
            {
                if (framelessStart is { } start)
                {
                    (at - start).Should().BeLessThan(frameSizeMin, "only short data is written outside a frame");
                    framelessStart = null;
                }
            }
            else if (framelessStart is null && op != 0x80)
            {
                framelessStart = at;
            }
            if (op == 0x95)
            {
                argLength.Should().BeGreaterThanOrEqualTo(frameSizeMin);
                frameEnd = at + 9 + argLength;
            }
        }
        pos = pickled.Length;
        if (frameEnd is { } last)
        {
            last.Should().Be(pos);
        }
        else if (framelessStart is { } start)
        {
            (pos - start).Should().BeLessThan(frameSizeMin);
        }
    }

    /// <summary>pickletester's remove_frames: drops every FRAME header except those <paramref name="keep"/> picks.</summary>
    private static byte[] RemoveFrames(byte[] pickled, Func<int, bool> keep)
    {
        var starts = PickleCases.Ops(pickled).Where(o => o.Op == 0x95).Select(o => o.At).ToList();
        var result = new List<byte>();
        int last = 0;
        for (int i = 0; i < starts.Count; i++)
        {
            if (keep(i))
            {
                continue;
            }
            result.AddRange(pickled[last..starts[i]]);
            last = starts[i] + 9;
        }
        result.AddRange(pickled[last..]);
        return [.. result];
    }
}
