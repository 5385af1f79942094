namespace Harness;

/// <summary>
/// An <see cref="MpBarrier"/> was broken: a party timed out or called <see cref="MpBarrier.Abort"/>
/// (Python's <c>threading.BrokenBarrierError</c>). Every current and later Wait throws it.
/// </summary>
public sealed class BrokenBarrierException : Exception
{
    /// <summary>Creates the exception with the default message.</summary>
    public BrokenBarrierException()
        : base("The barrier is broken: a party timed out or aborted it, so the others can't all meet.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BrokenBarrierException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public BrokenBarrierException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
