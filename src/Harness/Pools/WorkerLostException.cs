namespace Harness;

/// <summary>
/// A pool worker died while running a task (killed, <see cref="Environment.Exit(int)"/>, a stack
/// overflow). The task fails with this; the pool replaces the worker and carries on.
/// </summary>
public sealed class WorkerLostException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public WorkerLostException() : this("A pool worker died while running this task.") { }

    /// <summary>Creates the exception with a message.</summary>
    public WorkerLostException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public WorkerLostException(string message, Exception? innerException) : base(message, innerException) { }

    internal WorkerLostException(string message, int? exitCode, int? pid) : base(message)
    {
        ExitCode = exitCode;
        Pid = pid;
    }

    /// <summary>How the worker ended, as <see cref="MpProcess.ExitCode"/> reports it (-9: SIGKILL); null if unknown.</summary>
    public int? ExitCode { get; }

    /// <summary>The worker's process id.</summary>
    public int? Pid { get; }
}
