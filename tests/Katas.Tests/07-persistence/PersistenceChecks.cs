using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Katas.Tests.Persistence;

/// <summary>Helpers for the persistence kata's tests: temp files, learner-facing messages, data generators.</summary>
internal static class PersistenceChecks
{
    /// <summary>The course's dict, built here independently of the learner's CourseDict.</summary>
    public static Dictionary<object, object?> Course() => new()
    {
        ["da"] = 111,
        [2] = new List<object?> { 23, 1, 4 },
        ["24"] = new Dictionary<object, object?> { [1] = 2, ["d"] = "sad" },
    };

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "07-persistence", name);

    /// <summary>Runs the learner's method, turning what it throws into a sentence.</summary>
    public static T Call<T>(string method, Func<T> call) => LearnerCall.Run(call, method);

    public static void Call(string method, Action call) => LearnerCall.Run(call, method);

    /// <summary>The file <paramref name="method"/> wrote is closed and holds a whole pickle.</summary>
    public static void WroteAClosedPickle(string path, string method)
    {
        Expect.That(File.Exists(path), $"{method} should create the file at the path it is given.");
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
        }
        catch (IOException)
        {
            throw new KataFailure(
                $"{method} returned but left the file open. Open it in a `using` (using FileStream file = File.Create(path);), " +
                "the C# form of Python's `with open(path, 'wb') as file:`, so it is closed when the method ends.");
        }
        byte[] bytes = File.ReadAllBytes(path);
        Expect.That(bytes.Length > 0,
            $"{method} wrote nothing to the file that reached the disk: the pickle stays in the FileStream's buffer until the " +
            "stream is flushed or closed, which the end of a `using` block does.");
        Expect.That(bytes[0] == 0x80,
            $"a pickle starts with the byte 0x80 (then the protocol number); {method} wrote something else. Use Pickle.Dump, not JSON or text.");
    }

    public static Arbitrary<object?> Graphs() => Gen.Sized(size => Node(Math.Min(size, 16), 3)).ToArbitrary();

    private static Gen<object?> Node(int size, int depth) =>
        depth == 0 || size <= 1
            ? Scalar()
            : Gen.Frequency(
                (3, Scalar()),
                (2, Gen.ListOf(Node(size / 3, depth - 1)).Select(l => (object?)l.ToList())),
                (1, Gen.ArrayOf(Node(size / 3, depth - 1)).Select(a => (object?)a)),
                (2, Gen.ListOf(Gen.Zip(Key(), Node(size / 3, depth - 1))).Select(pairs => (object?)ToDict(pairs))));

    private static Gen<object?> Scalar() => Gen.OneOf(
        Text().Select(s => (object?)s),
        ArbMap.Default.GeneratorFor<int>().Select(i => (object?)i),
        Gen.Choose(0, 200).Select(bits => (object?)(BigInteger.Pow(3, bits) + long.MaxValue)),
        ArbMap.Default.GeneratorFor<double>().Select(d => (object?)d),
        Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Select(b => (object?)b),
        Gen.Elements<object?>(true, false, null));

    private static Gen<object> Key() => Gen.OneOf(
        Text().Select(s => (object)s),
        ArbMap.Default.GeneratorFor<int>().Select(i => (object)i),
        Gen.Zip(Text(), ArbMap.Default.GeneratorFor<int>()).Select(t => (object)new object?[] { t.Item1, t.Item2 }));

    private static Gen<string> Text() =>
        ArbMap.Default.GeneratorFor<string>().Select(s => new string((s ?? "").Select(c => char.IsSurrogate(c) ? '?' : c).ToArray()));

    private static Dictionary<object, object?> ToDict(IEnumerable<(object Key, object? Value)> pairs)
    {
        var dict = new Dictionary<object, object?>(Pickle.KeyComparer);
        foreach (var (key, value) in pairs)
        {
            dict[key] = value;
        }
        return dict;
    }

    public static string Show(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        object?[] t => "(" + string.Join(", ", t.Select(Show)) + ")",
        List<object?> l => "[" + string.Join(", ", l.Select(Show)) + "]",
        Dictionary<object, object?> d => "{" + string.Join(", ", d.Select(kv => $"{Show(kv.Key)}: {Show(kv.Value)}")) + "}",
        byte[] b => $"bytes[{b.Length}]",
        _ => $"{value} ({value.GetType().Name})",
    };
}
