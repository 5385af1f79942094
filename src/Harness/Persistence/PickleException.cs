namespace Harness;

/// <summary>
/// Pickle data that can't be loaded (empty, truncated, corrupted, another format, hostile, or
/// holding something other than plain data), or a value that can't be written as plain data.
/// The message names the problem in one sentence.
/// </summary>
public sealed class PickleException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public PickleException()
        : base("The pickle data could not be read or written.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    public PickleException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and the exception that caused it.</summary>
    public PickleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
