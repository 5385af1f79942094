using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace Harness.Tests.Conformance;

/// <summary>
/// CPython's <c>AbstractUnpickleTests</c> (Lib/test/pickletester.py), case by case: each test
/// keeps the case's name. Deliberate differences, each said in one line where it occurs: only
/// plain data loads, so pickles of classes, sets and other globals are refused by name (CPython
/// builds them); every error is a PickleException (CPython raises UnpicklingError, ValueError,
/// EOFError, TypeError and others).
/// </summary>
public sealed class UnpicklingConformanceTests
{
    private static byte[] B(string latin1) => Encoding.Latin1.GetBytes(latin1);

    private static void Refused(byte[] data, string because) =>
        FluentActions.Invoking(() => Pickle.Loads(data)).Should().Throw<PickleException>("{0}: {1}", because, PickleCases.Hex(data));

    public static TheoryData<int> Protocols => [0, 1, 2, 3, 4, 5];

    public static TheoryData<int> DataNumbers => [0, 1, 2, 3, 4];

    [Theory]
    [MemberData(nameof(DataNumbers))]
    public void test_load_from_dataN_refuses_CPythons_DATA_naming_its_complex_number(int n)
    {
        // Deliberate difference: DATA0..4 hold 3+0j and an instance of a class, which are not plain data.
        var load = () => Pickle.LoadFile(PickleCases.PathOf($"pickletester_DATA{n}.pickle"));

        load.Should().Throw<PickleException>().WithMessage("*complex*");
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_load_from_data_plain_analogue_loads_as_CPython_wrote_it(int protocol)
    {
        object? loaded = Pickle.Loads(PickleCases.Fixture("plain_data", protocol));

        Pickle.SameData(loaded, PickleCases.Make("plain_data")()).Should().BeTrue("protocol {0}: {1}", protocol, PickleFixturesShow(loaded));
        var list = (List<object?>)loaded!;
        list[15].Should().BeSameAs(list[16], "the tuple y appears twice in create_data(): the memo shares it");
        var y = (object?[])list[15]!;
        y[2].Should().BeSameAs(y[3], "so does the object c inside it");
    }

    [Fact]
    public void test_load_from_data0_with_Python2s_long_opcodes_loads_each_int_as_the_smallest_type()
    {
        // DATA0 was written by Python 2, whose protocol 0 writes every int as LONG ("L1L\n").
        byte[] modern = PickleCases.Fixture("plain_data", 0);
        byte[] python2 = Encoding.Latin1.GetBytes(Regex.Replace(Encoding.Latin1.GetString(modern), "(?<=[\n(a])I(-?[0-9]+)\n", "L$1L\n"));
        Encoding.Latin1.GetString(python2).Should().Contain("L255L\n", "the rewrite produced Python 2's LONG opcodes");

        var list = (List<object?>)Pickle.Loads(python2)!;

        list.Where(i => i is not double and not object?[]).Should().AllBeOfType<int>("every int in DATA0 fits 32 bits, whatever opcode carried it");
        Pickle.SameData(list, PickleCases.Make("plain_data")()).Should().BeTrue();
    }

    [Fact]
    public void test_load_classic_instance_is_refused_naming_the_class()
    {
        // Deliberate difference: an instance of a Python class is not plain data.
        Refused(B("(i__main__\nC\np0\n(dp1\nb."), "protocol 0 INST");
        Refused(B("(c__main__\nC\nq\u0000oq\u0001}q\u0002b."), "protocol 1 OBJ");
        FluentActions.Invoking(() => Pickle.Loads(B("\u0080\u0002(c__main__\nC\nq\u0000oq\u0001}q\u0002b."))).Should().Throw<PickleException>().WithMessage("*__main__.C*");
    }

    [Fact]
    public void test_maxint64()
    {
        Pickle.Loads(B("I9223372036854775807\n.")).Should().Be(long.MaxValue);
        Refused(B("I9223372036854775807JUNK\n."), "an INT with junk after the digits");
    }

    [Theory]
    [InlineData("DATA_SET", "set")]
    [InlineData("DATA_XRANGE", "xrange")]
    [InlineData("DATA_COOKIE", "Cookie")]
    [InlineData("DATA_UEERR", "UnicodeEncodeError")]
    public void test_unpickle_from_2x_refuses_objects_naming_them(string data, string named)
    {
        // Deliberate difference: sets, ranges, cookies and exceptions are objects, not plain data.
        var load = () => Pickle.LoadFile(PickleCases.PathOf($"pickletester_{data}.pickle"));

        load.Should().Throw<PickleException>().WithMessage($"*{named}*");
    }

    [Fact]
    public void test_load_python2_str_as_bytes_refuses_non_ASCII_as_Pythons_default_encoding_does()
    {
        // CPython loads these with encoding="bytes"; with its default (ASCII) it raises, as here: there is no encoding parameter.
        Refused(B("S'a\\x00\\xa0'\n."), "protocol 0 STRING with a byte above 0x7f");
        Refused(B("U\u0003a\u0000\u00a0."), "protocol 1 SHORT_BINSTRING with a byte above 0x7f");
        Refused(B("\u0080\u0002U\u0003a\u0000\u00a0."), "protocol 2 SHORT_BINSTRING with a byte above 0x7f");
        Pickle.Loads(B("S'a\\x00b'\n.")).Should().Be("a\0b", "ASCII Python 2 strings load as str");
    }

    [Fact]
    public void test_load_python2_unicode_as_str()
    {
        Pickle.Loads(B("V\\u03c0\n.")).Should().Be("π");
        Pickle.Loads(B("X\u0002\u0000\u0000\u0000\u00cf\u0080.")).Should().Be("π");
        Pickle.Loads(B("\u0080\u0002X\u0002\u0000\u0000\u0000\u00cf\u0080.")).Should().Be("π");
    }

    [Fact]
    public void test_load_long_python2_str_as_bytes_loads_an_ASCII_BINSTRING_as_str()
    {
        byte[] data = [(byte)'T', 44, 1, 0, 0, .. Enumerable.Repeat((byte)'x', 300), (byte)'.'];

        Pickle.Loads(data).Should().Be(new string('x', 300));
    }

    [Fact]
    public void test_constants()
    {
        Pickle.Loads(B("N.")).Should().BeNull();
        Pickle.Loads(B("\u0088.")).Should().Be(true);
        Pickle.Loads(B("\u0089.")).Should().Be(false);
        Pickle.Loads(B("I01\n.")).Should().Be(true);
        Pickle.Loads(B("I00\n.")).Should().Be(false);
    }

    [Fact]
    public void test_empty_bytestring() => Pickle.Loads(B("\u0080\u0003U\u0000q\u0000.")).Should().Be("");

    [Fact]
    public void test_short_binbytes() => Pickle.Loads(B("\u0080\u0003C\u0004\u00e2\u0082\u00ac\u0000.")).Should().BeEquivalentTo(new byte[] { 0xe2, 0x82, 0xac, 0 });

    [Fact]
    public void test_binbytes() => Pickle.Loads(B("\u0080\u0003B\u0004\u0000\u0000\u0000\u00e2\u0082\u00ac\u0000.")).Should().BeEquivalentTo(new byte[] { 0xe2, 0x82, 0xac, 0 });

    [Fact]
    public void test_short_binunicode() => Pickle.Loads(B("\u0080\u0004\u008c\u0004\u00e2\u0082\u00ac\u0000.")).Should().Be("\u20ac\0");

    [Fact]
    public void test_binbytes8() => Pickle.Loads(B("\u0080\u0004\u008e\u0004\0\0\0\0\0\0\0\u00e2\u0082\u00ac\u0000.")).Should().BeEquivalentTo(new byte[] { 0xe2, 0x82, 0xac, 0 });

    [Fact]
    public void test_binunicode8() => Pickle.Loads(B("\u0080\u0004\u008d\u0004\0\0\0\0\0\0\0\u00e2\u0082\u00ac\u0000.")).Should().Be("\u20ac\0");

    [Fact]
    public void test_bytearray8_loads_as_bytes()
    {
        // Deliberate difference: bytearray and bytes both load as byte[], .NET's one byte string.
        Pickle.Loads(B("\u0080\u0005\u0096\u0003\0\0\0\0\0\0\0xxx.")).Should().BeEquivalentTo("xxx"u8.ToArray());
    }

    [Fact]
    public void test_misc_get()
    {
        Refused(B("g0\np0"), "GET of a memo entry never stored");
        Refused(B("jens:"), "LONG_BINGET of a memo entry never stored");
        Refused(B("hens:"), "BINGET of a memo entry never stored");
        Pickle.SameData(Pickle.Loads(B("((Kdtp0\nh\u0000l.))")), new List<object?> { new object?[] { 100 }, new object?[] { 100 } }).Should().BeTrue();
    }

    [Theory]
    [InlineData("test_get", "((lp100000\ng100000\nt.")]
    [InlineData("test_binget", "(]q\u00ffh\u00fft.")]
    [InlineData("test_long_binget", "(]r\u0000\u0000\u0001\u0000j\u0000\u0000\u0001\u0000t.")]
    [InlineData("test_dup", "((l2t.")]
    public void test_get_binget_long_binget_and_dup_share_one_list(string test, string pickled)
    {
        var tuple = (object?[])Pickle.Loads(B(pickled))!;

        tuple.Should().HaveCount(2, test);
        tuple[0].Should().BeOfType<List<object?>>().And.BeSameAs(tuple[1], "{0}: both items are the one list from the memo", test);
    }

    [Fact]
    public void test_negative_put() => Refused(B("Va\np-1\n."), "a PUT with a negative memo index (CPython: ValueError, negative PUT argument)");

    [Fact]
    public void test_negative_32b_binput() => Refused(B("\u0080\u0003X\u0001\u0000\u0000\u0000ar\u00ff\u00ff\u00ff\u00ff."), "a LONG_BINPUT of -1");

    [Fact]
    public void test_badly_escaped_string() => Refused(B("S'\\'\n."), "a STRING whose closing quote is escaped");

    [Theory]
    [InlineData("S'\n.")]
    [InlineData("S\"\n.")]
    [InlineData("S' \n.")]
    [InlineData("S\" \n.")]
    [InlineData("S'\"\n.")]
    [InlineData("S\"'\n.")]
    [InlineData("S' ' \n.")]
    [InlineData("S\" \" \n.")]
    [InlineData("S ''\n.")]
    [InlineData("S \"\"\n.")]
    [InlineData("S \n.")]
    [InlineData("S\n.")]
    [InlineData("S.")]
    public void test_badly_quoted_string(string pickled) => Refused(B(pickled), "a badly quoted STRING");

    [Theory]
    [InlineData("S''\n.", "")]
    [InlineData("S\"\"\n.", "")]
    [InlineData("S\"\\n\"\n.", "\n")]
    [InlineData("S'\\n'\n.", "\n")]
    public void test_correctly_quoted_string(string pickled, string expected) => Pickle.Loads(B(pickled)).Should().Be(expected);

    [Fact]
    public void test_frame_readline() => Pickle.Loads(B("\u0080\u0004\u0095\u0005\0\0\0\0\0\0\0I42\n.")).Should().Be(42);

    [Theory]
    [InlineData("\u0080\u0002c__builtin__\nxrange\nK\u0001K\u0007K\u0001\u0087R.", "xrange")]
    [InlineData("\u0080\u0002c__builtin__\nreduce\n.", "reduce")]
    [InlineData("\u0080\u0002cwhichdb\nwhichdb\n.", "whichdb")]
    [InlineData("\u0080\u0002cexceptions\nException\nU\u0003ugh\u0085R.", "Exception")]
    [InlineData("\u0080\u0002(cUserDict\nUserDict\no}U\u0004data}K\u0001K\u0002ssb.", "UserDict")]
    public void test_compat_unpickle_refuses_Python2_globals_by_name(string pickled, string named)
    {
        // Deliberate difference: ranges, functions, exceptions and UserDicts are not plain data.
        FluentActions.Invoking(() => Pickle.Loads(B(pickled))).Should().Throw<PickleException>().WithMessage($"*{named}*");
    }

    [Theory]
    [InlineData("cbuiltins\nint\n)R.")] // CPython: 0. Deliberate difference: builtins.int is a global other than those that write bytes.
    [InlineData("N)R.")]
    [InlineData("cbuiltins\nint\nNR.")]
    public void test_bad_reduce(string pickled) => Refused(B(pickled), "REDUCE of something that isn't a plain-data global");

    [Theory]
    [InlineData("cbuiltins\nint\n)\u0081.")] // CPython: 0; refused here as in test_bad_reduce.
    [InlineData("cbuiltins\nlen\n)\u0081.")]
    [InlineData("cbuiltins\nint\nN\u0081.")]
    [InlineData("cbuiltins\nint\n)}\u0092.")]
    [InlineData("cbuiltins\nlen\n)}\u0092.")]
    [InlineData("cbuiltins\nint\nN}\u0092.")]
    [InlineData("cbuiltins\nint\n)N\u0092.")]
    public void test_bad_newobj_and_bad_newobj_ex(string pickled) => Refused(B(pickled), "NEWOBJ or NEWOBJ_EX");

    public static TheoryData<string> BadStack =>
    [
        ".", "0", "1", "2", "(2", "R", ")R", "a", "Na", "b", "Nb", "d", "e", "(e", "ibuiltins\nlist\n", "l", "o", "(o",
        "p1\n", "q\u0000", "r\u0000\u0000\u0000\u0000", "s", "Ns", "NNs", "t", "u", "(u", "}(Nu", "\u0081", ")\u0081",
        "\u0085", "\u0086", "N\u0086", "\u0087", "N\u0087", "NN\u0087", "\u0090", "(\u0090", "\u0091", "\u0092", ")}\u0092",
        "\u0093", "Vlist\n\u0093", "\u0094",
    ];

    [Theory]
    [MemberData(nameof(BadStack))]
    public void test_bad_stack(string pickled) => Refused(B(pickled), "an opcode that finds too little on the stack");

    public static TheoryData<string> BadMark =>
    [
        "N(.", "N(2", "cbuiltins\nlist\n)(R", "cbuiltins\nlist\n()R", "]N(a", "cbuiltins\nValueError\n)R}(b", "cbuiltins\nValueError\n)R(}b",
        "(Nd", "N(p1\n", "N(q\u0000", "N(r\u0000\u0000\u0000\u0000", "}NN(s", "}N(Ns", "}(NNs", "}((u", "cbuiltins\nlist\n)(\u0081",
        "cbuiltins\nlist\n()\u0081", "N(\u0085", "NN(\u0086", "N(N\u0086", "NNN(\u0087", "NN(N\u0087", "N(NN\u0087", "]((\u0090",
        "cbuiltins\nlist\n)}(\u0092", "cbuiltins\nlist\n)(}\u0092", "cbuiltins\nlist\n()}\u0092", "Vbuiltins\n(Vlist\n\u0093",
        "Vbuiltins\nVlist\n(\u0093", "N(\u0094",
    ];

    [Theory]
    [MemberData(nameof(BadMark))]
    public void test_bad_mark(string pickled) => Refused(B(pickled), "an opcode whose items are fenced off by a MARK");

    public static TheoryData<string> Truncated =>
    [
        "N", "B", "B\u0003\u0000\u0000", "B\u0003\u0000\u0000\u0000", "B\u0003\u0000\u0000\u0000ab", "C", "C\u0003", "C\u0003ab",
        "F", "F0.0", "F0.00", "G", "G\u0000\u0000\u0000\u0000\u0000\u0000\u0000", "I", "I0", "J", "J\u0000\u0000\u0000", "K",
        "L", "L0", "L10", "L0L", "L10L", "M", "M\u0000", "S", "S'abc'", "T", "T\u0003\u0000\u0000", "T\u0003\u0000\u0000\u0000",
        "T\u0003\u0000\u0000\u0000ab", "U", "U\u0003", "U\u0003ab", "V", "Vabc", "X", "X\u0003\u0000\u0000", "X\u0003\u0000\u0000\u0000",
        "X\u0003\u0000\u0000\u0000ab", "(c", "(cbuiltins", "(cbuiltins\n", "(cbuiltins\nlist", "Ng", "Ng0", "(i", "(ibuiltins",
        "(ibuiltins\n", "(ibuiltins\nlist", "Nh", "Nj", "Nj\u0000\u0000\u0000", "Np", "Np0", "Nq", "Nr", "Nr\u0000\u0000\u0000",
        "\u0080", "\u0082", "\u0083", "\u0084\u0001", "\u0084", "\u0084\u0001\u0000\u0000", "\u008a", "\u008b", "\u008b\u0000\u0000\u0000",
        "\u008c", "\u008c\u0003", "\u008c\u0003ab", "\u008d", "\u008d\u0003\u0000\u0000\u0000\u0000\u0000\u0000",
        "\u008d\u0003\u0000\u0000\u0000\u0000\u0000\u0000\u0000", "\u008d\u0003\u0000\u0000\u0000\u0000\u0000\u0000\u0000ab", "\u008e",
        "\u008e\u0003\u0000\u0000\u0000\u0000\u0000\u0000", "\u008e\u0003\u0000\u0000\u0000\u0000\u0000\u0000\u0000",
        "\u008e\u0003\u0000\u0000\u0000\u0000\u0000\u0000\u0000ab", "\u0096", "\u0096\u0003\u0000\u0000\u0000\u0000\u0000\u0000",
        "\u0096\u0003\u0000\u0000\u0000\u0000\u0000\u0000\u0000", "\u0096\u0003\u0000\u0000\u0000\u0000\u0000\u0000\u0000ab", "\u0095",
        "\u0095\u0002\u0000\u0000\u0000\u0000\u0000\u0000", "\u0095\u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0000",
        "\u0095\u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0000N",
    ];

    [Theory]
    [MemberData(nameof(Truncated))]
    public void test_truncated_data(string pickled) => Refused(B(pickled), "a pickle cut short");

    [Fact]
    public void test_truncated_data_of_nothing_at_all_says_it_is_empty() =>
        FluentActions.Invoking(() => Pickle.Loads([])).Should().Throw<PickleException>().WithMessage("*empty*");

    [Theory]
    [MemberData(nameof(Protocols))]
    public void test_unicode_with_a_lone_surrogate_written_by_CPython_loads_unchanged(int protocol)
    {
        // The issue's case: '<\udc80>' at protocols 1 to 5 is UTF-8 written with surrogatepass.
        Pickle.Loads(PickleCases.Fixture("unicode_6", protocol)).Should().Be("<\udc80>");
    }

    [Fact]
    public void test_proto_refuses_a_future_protocol_by_number()
    {
        FluentActions.Invoking(() => Pickle.Loads(B("\u0080\u0006N."))).Should().Throw<PickleException>().WithMessage("*protocol 6*");
    }

    [Theory]
    [InlineData("a FRAME longer than the data", "\u0080\u0004\u0095\u00ff\0\0\0\0\0\0\0N.")]
    [InlineData("BINUNICODE that is not UTF-8", "X\u0002\0\0\0\u00ff\u00fe.")]
    [InlineData("SHORT_BINUNICODE that is not UTF-8", "\u0080\u0004\u008c\u0002\u00c3\u0028.")]
    [InlineData("a list as a dict key", "}]K\u0001s.")]
    [InlineData("a tuple holding a list as a dict key", "}]\u0085K\u0001s.")]
    public void Arguments_CPython_checks_that_the_reference_reader_let_through_are_refused(string what, string pickled)
    {
        // Besides test_negative_put: Razorvine.Pickle accepts each of these (it replaces bad UTF-8 with U+FFFD); CPython raises.
        Refused(B(pickled), what);
    }

    [Fact]
    public void Bytes_written_through_codecs_encode_load_with_the_encodings_Python_accepts_there()
    {
        Pickle.Loads(B("c_codecs\nencode\n(Vab\nVlatin1\ntR.")).Should().BeEquivalentTo("ab"u8.ToArray());
        Pickle.Loads(B("c_codecs\nencode\n(V\\u00e9\nVutf8\ntR.")).Should().BeEquivalentTo("\u00e9"u8.ToArray());
        Refused(B("c_codecs\nencode\n(Vab\nVrot13\ntR."), "an encoding that Python's pickler never writes and this reader doesn't know");
    }

    [Fact]
    public void Long_opcodes_load_as_the_smallest_integer_type()
    {
        Pickle.Loads("L1L\n."u8).Should().BeOfType<int>().Which.Should().Be(1, "LONG of 1 is an int like any other");
        Pickle.Loads(Pickle.Dumps(BigInteger.One)).Should().BeOfType<int>();
        Pickle.Loads(Pickle.Dumps(BigInteger.One, 2)).Should().BeOfType<int>();
        Pickle.Loads([0x80, 2, 0x8a, 1, 1, (byte)'.']).Should().BeOfType<int>("LONG1 of one byte");
        Pickle.Loads([0x80, 2, 0x8b, 1, 0, 0, 0, 1, (byte)'.']).Should().BeOfType<int>("LONG4 of one byte");
        Pickle.Loads(B("L9223372036854775807L\n.")).Should().BeOfType<long>();
        Pickle.Loads(B("L9223372036854775808L\n.")).Should().BeOfType<BigInteger>();
    }

    private static string PickleFixturesShow(object? value) => Harness.Tests.Persistence.PickleFixtures.Show(value);
}
