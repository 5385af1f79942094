using FsCheck;
using FsCheck.Fluent;

namespace Katas.Tests;

/// <summary>
/// Runs an FsCheck property and, when it fails, fails with the teaching sentence of the smallest
/// failing case. FsCheck's report (the inputs, the seed to replay them) goes to the failure's
/// detail: set KATAS_FSCHECK_REPLAY to "seed,gamma" from it to replay the same cases.
/// </summary>
internal static class Properties
{
    /// <param name="shrink">
    /// Whether to look for a smaller failing input. Off by default: each try of a property that
    /// starts processes costs a second, and the first failing input already makes the point.
    /// </param>
    public static void ForAll<T>(Arbitrary<T> inputs, int maxTest, Action<T> body, bool shrink = false)
    {
        if (!shrink)
        {
            inputs = Arb.From(inputs.Generator, _ => []);
        }
        KataFailure? last = null;
        void Recording(T input)
        {
            try
            {
                body(input);
            }
            catch (Exception e)
            {
                // Shrinking runs the body again with smaller inputs: the last failure is the smallest.
                last = LearnerCall.Explain(e, "The call");
                throw;
            }
        }
        Config config = Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithQuietOnSuccess(true);
        if (Environment.GetEnvironmentVariable("KATAS_FSCHECK_REPLAY") is { Length: > 0 } replay)
        {
            ulong[] parts = [.. replay.Split(',').Select(p => ulong.Parse(p.Trim(' ', '(', ')'), System.Globalization.CultureInfo.InvariantCulture))];
            config = config.WithReplay(new Replay(new Rnd(parts[0], parts[1]), Microsoft.FSharp.Core.FSharpOption<int>.None));
        }
        try
        {
            Prop.ForAll(inputs, (Action<T>)Recording).Check(config);
        }
        catch (Exception e) when (e is not KataFailure && last is not null)
        {
            throw new KataFailure(last.Message, $"FsCheck: {e.Message}{Environment.NewLine}{last.Detail}");
        }
    }

    /// <summary>Runs <paramref name="body"/> on a chosen example first (so a verdict never depends on what FsCheck draws), then on generated inputs.</summary>
    public static void ForAll<T1, T2>((T1, T2) example, Arbitrary<T1> first, Arbitrary<T2> second, int maxTest, Action<T1, T2> body)
    {
        try
        {
            body(example.Item1, example.Item2);
        }
        catch (Exception e) when (e is not KataFailure)
        {
            throw LearnerCall.Explain(e, "The call");
        }
        ForAll(first, second, maxTest, body);
    }

    public static void ForAll<T1, T2>(Arbitrary<T1> first, Arbitrary<T2> second, int maxTest, Action<T1, T2> body, bool shrink = false) =>
        ForAll(Arb.From(Gen.Zip(first.Generator, second.Generator), pair => Shrink(first, second, pair)), maxTest, pair => body(pair.Item1, pair.Item2), shrink);

    private static IEnumerable<(T1, T2)> Shrink<T1, T2>(Arbitrary<T1> first, Arbitrary<T2> second, (T1, T2) pair) =>
        first.Shrinker(pair.Item1).Select(a => (a, pair.Item2)).Concat(second.Shrinker(pair.Item2).Select(b => (pair.Item1, b)));
}
