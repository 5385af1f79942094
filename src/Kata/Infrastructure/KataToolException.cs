namespace Kata.Infrastructure;

/// <summary>
/// A problem the learner can fix (wrong kata name, run outside the repository, build failed).
/// The app prints its message without a stack trace.
/// </summary>
internal sealed class KataToolException : Exception
{
    public KataToolException(string message)
        : base(message)
    {
    }

    public KataToolException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public KataToolException()
    {
    }

    /// <summary>Extra lines shown under the message (compiler errors, suggestions).</summary>
    public IReadOnlyList<string> Details { get; init; } = [];
}
