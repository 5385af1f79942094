using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Harness.Tests.Persistence;

/// <summary>
/// FsCheck generators of plain-data graphs: dicts, lists and tuples nested a few levels, with
/// str, int (int, long and BigInteger sizes), float (NaN and infinities included), bytes, bool
/// and None. Dict keys are what Python can hash and keeps apart: str, int, bytes and tuples of
/// those (no floats or bools, which Python would merge with equal ints).
/// </summary>
internal static class PlainDataGen
{
    public static Arbitrary<object?> Graphs() => Gen.Sized(size => Node(Math.Min(size, 20), 3)).ToArbitrary();

    public static Gen<object?> Node(int size, int depth) =>
        depth == 0 || size <= 1
            ? Scalar()
            : Gen.Frequency(
                (4, Scalar()),
                (2, Gen.ListOf(Node(size / 3, depth - 1)).Select(l => (object?)l.ToList())),
                (1, Gen.ArrayOf(Node(size / 3, depth - 1)).Select(a => (object?)a)),
                (2, Gen.ListOf(Gen.Zip(Key(), Node(size / 3, depth - 1))).Select(pairs => (object?)ToDict(pairs))));

    public static Gen<object?> Scalar() => Gen.OneOf(
        Text().Select(s => (object?)s),
        Integer(),
        Gen.Elements(0.0, -0.0, 1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue)
            .Select(d => (object?)d),
        ArbMap.Default.GeneratorFor<double>().Select(d => (object?)d),
        Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Select(b => (object?)b),
        Gen.Elements<object?>(true, false, null));

    public static Gen<object?> Integer() => Gen.OneOf(
        ArbMap.Default.GeneratorFor<int>().Select(i => (object?)i),
        ArbMap.Default.GeneratorFor<long>().Select(l => l is >= int.MinValue and <= int.MaxValue ? (object?)(int)l : l),
        Gen.Choose(64, 300).SelectMany(bits => ArbMap.Default.GeneratorFor<bool>()
            .Select(negative => (object?)(negative ? -BigInteger.Pow(2, bits) - 1 : BigInteger.Pow(2, bits) + 7))));

    public static Gen<object> Key() => Gen.OneOf(
        Text().Select(s => (object)s),
        ArbMap.Default.GeneratorFor<int>().Select(i => (object)i),
        Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Select(b => (object)b),
        Gen.Zip(Text(), ArbMap.Default.GeneratorFor<int>()).Select(t => (object)new object?[] { t.Item1, t.Item2 }));

    /// <summary>Text that UTF-8 can hold: whole surrogate pairs only, as any Python str.</summary>
    public static Gen<string> Text() => Gen.OneOf(
        Gen.Elements("", "da", "24", "sad", "h\u00e9llo", "\u4e2d\u6587", "\U0001F600", "a\0b", "line\nbreak"),
        ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select(s => s.Replace('\uD800', 'x').Replace('\uDC00', 'y')))
        .Select(s => new string(s.Select(c => char.IsSurrogate(c) ? '?' : c).ToArray()));

    private static Dictionary<object, object?> ToDict(IEnumerable<(object Key, object? Value)> pairs)
    {
        var dict = new Dictionary<object, object?>(Pickle.KeyComparer);
        foreach (var (key, value) in pairs)
        {
            dict[key] = value;
        }
        return dict;
    }
}
