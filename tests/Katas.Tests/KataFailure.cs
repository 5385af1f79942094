#pragma warning disable IDE0130 // The namespace is the point: see the remarks.
namespace Xunit.Sdk;
#pragma warning restore IDE0130

/// <summary>
/// A kata test's failure. Its message is the teaching sentence alone, in the learner's terms;
/// framework detail (FsCheck's seed and inputs, an exception's full text) goes to the stack
/// trace, which <c>kata check --verbose</c> shows.
/// </summary>
/// <remarks>
/// It lives in Xunit.Sdk because the test framework writes the type of any other exception in
/// front of its message; <see cref="IAssertionException"/> marks it as a failed assertion.
/// </remarks>
public sealed class KataFailure : XunitException, IAssertionException
{
    private readonly string? _detail;

    public KataFailure(string sentence, string? detail = null) : base(sentence) => _detail = detail;

    /// <summary>What a maintainer needs to reproduce the failure, before the usual stack.</summary>
    public string? Detail => _detail;

    public override string? StackTrace => _detail is null ? base.StackTrace : _detail + Environment.NewLine + base.StackTrace;
}
