using FsCheck.Xunit;
using Harness.Transport;

namespace Harness.Tests.Transport;

/// <summary>The fast argument codec reads back exactly what it wrote, for every type it takes.</summary>
public sealed class FastCodecTests
{
    private static T RoundTrip<T>(T value)
    {
        FastCodec.Handles(typeof(T)).Should().BeTrue();
        return (T)FastCodec.Decode(typeof(T), FastCodec.Encode(value))!;
    }

    [Property(MaxTest = 200)]
    public void Scalars_round_trip(byte a, sbyte b, short c, ushort d, char e, int f, uint g, long h, ulong i, float j, double k, decimal l, bool m, string? n)
    {
        RoundTrip(a).Should().Be(a);
        RoundTrip(b).Should().Be(b);
        RoundTrip(c).Should().Be(c);
        RoundTrip(d).Should().Be(d);
        RoundTrip(e).Should().Be(e);
        RoundTrip(f).Should().Be(f);
        RoundTrip(g).Should().Be(g);
        RoundTrip(h).Should().Be(h);
        RoundTrip(i).Should().Be(i);
        BitConverter.SingleToInt32Bits(RoundTrip(j)).Should().Be(BitConverter.SingleToInt32Bits(j));
        BitConverter.DoubleToInt64Bits(RoundTrip(k)).Should().Be(BitConverter.DoubleToInt64Bits(k));
        RoundTrip(l).Should().Be(l);
        RoundTrip(m).Should().Be(m);
        RoundTrip(n).Should().Be(n);
    }

    [Property(MaxTest = 100)]
    public void Arrays_and_lists_round_trip(int[]? ints, double[] doubles, string?[] strings, char[] chars, bool[] bools, List<long> longs)
    {
        RoundTrip(ints).Should().Equal(ints);
        RoundTrip(doubles).Select(BitConverter.DoubleToInt64Bits).Should().Equal(doubles.Select(BitConverter.DoubleToInt64Bits));
        RoundTrip(strings).Should().Equal(strings);
        RoundTrip(chars).Should().Equal(chars);
        RoundTrip(bools).Should().Equal(bools);
        RoundTrip(longs).Should().Equal(longs);
    }

    [Fact]
    public void Other_types_are_left_to_MessagePack()
    {
        FastCodec.Handles(typeof(Dictionary<string, int>)).Should().BeFalse();
        FastCodec.Handles(typeof(int[][])).Should().BeFalse();
        FastCodec.Handles(typeof(object)).Should().BeFalse();
        FastCodec.Handles(typeof(IntPtr)).Should().BeFalse();
    }
}
