namespace Kata.Running;

/// <summary>Builds the kata tests and runs one kata's tests. A seam: the tool's own tests use a fake.</summary>
internal interface ITestRunner
{
    /// <summary>Builds tests/Katas.Tests against <paramref name="source"/>; never throws for compiler errors.</summary>
    Task<BuildResult> BuildAsync(KataSource source, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the tests of <paramref name="kata"/> (those with [Trait("Kata", kata)]) against an
    /// already built <paramref name="source"/>, telling each test's end as it comes
    /// (<see cref="RunOptions.TestFinished"/>). A run is bounded: one that overruns is stopped and
    /// its <see cref="KataRun"/> keeps the tests that finished and names those that did not.
    /// </summary>
    Task<KataRun> RunAsync(KataSource source, string kata, RunOptions options, CancellationToken cancellationToken);
}
