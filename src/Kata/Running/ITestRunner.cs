namespace Kata.Running;

/// <summary>Builds the kata tests and runs one kata's tests. A seam: the tool's own tests use a fake.</summary>
internal interface ITestRunner
{
    /// <summary>Builds tests/Katas.Tests against <paramref name="source"/>; never throws for compiler errors.</summary>
    Task<BuildResult> BuildAsync(KataSource source, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the tests of <paramref name="kata"/> (those with [Trait("Kata", kata)]) against an
    /// already built <paramref name="source"/>. With <paramref name="githubAnnotations"/> failed
    /// tests are also reported as GitHub Actions annotations.
    /// </summary>
    Task<KataRun> RunAsync(KataSource source, string kata, bool githubAnnotations, CancellationToken cancellationToken);
}
