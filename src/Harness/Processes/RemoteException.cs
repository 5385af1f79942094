namespace Harness;

/// <summary>
/// An exception thrown by a job in another process, carried back with its type, message and
/// stack trace. <see cref="Exception.Message"/> is the remote exception's message.
/// </summary>
public sealed class RemoteException : Exception
{
    /// <summary>Creates an exception with no remote details.</summary>
    public RemoteException() : this("A job failed in another process.") { }

    /// <summary>Creates an exception with a message and no remote details.</summary>
    public RemoteException(string message) : this(message, null) { }

    /// <summary>Creates an exception with a message, an inner exception and no remote details.</summary>
    public RemoteException(string message, Exception? innerException) : base(message, innerException)
    {
        RemoteType = "";
        RemoteStackTrace = "";
        RemoteDetails = "";
    }

    internal RemoteException(string remoteType, string message, string remoteStackTrace, string remoteDetails, int? pid)
        : base(message)
    {
        RemoteType = remoteType;
        RemoteStackTrace = remoteStackTrace;
        RemoteDetails = remoteDetails;
        Pid = pid;
    }

    /// <summary>The full name of the remote exception's type, e.g. <c>System.DivideByZeroException</c>.</summary>
    public string RemoteType { get; }

    /// <summary>The remote exception's stack trace, as the child saw it.</summary>
    public string RemoteStackTrace { get; }

    /// <summary>The remote exception as its <c>ToString()</c> printed it, inner exceptions included.</summary>
    public string RemoteDetails { get; }

    /// <summary>The id of the process where the job threw, when known.</summary>
    public int? Pid { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{GetType().FullName}: {RemoteType} in process {Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}: {Message}{Environment.NewLine}" +
        $"--- remote stack trace ---{Environment.NewLine}{RemoteStackTrace}{Environment.NewLine}--- end of remote stack trace ---{Environment.NewLine}{StackTrace}";
}
