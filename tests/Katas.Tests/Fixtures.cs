namespace Katas.Tests;

/// <summary>
/// For the wrong-solution fixtures: a check of a kata test, run on a wrong solution, must fail with
/// a sentence that names the mistake. They test the kata's tests, not the learner's code, so they
/// carry the Fixture trait (run by the maintainer command) and never the Kata trait.
/// </summary>
internal static class Caught
{
    /// <summary>Runs <paramref name="check"/> on a wrong solution; passes only if it fails with a sentence containing every one of <paramref name="clues"/>.</summary>
    public static void By(Action check, params string[] clues)
    {
        try
        {
            check();
        }
        catch (KataFailure failure)
        {
            foreach (string clue in clues)
            {
                Assert.True(failure.Message.Contains(clue, StringComparison.OrdinalIgnoreCase),
                    $"The check failed, but for another reason than the mistake (its message lacks \"{clue}\"): {failure.Message}");
            }
            return;
        }
        Assert.Fail("The check let this wrong solution pass.");
    }
}
