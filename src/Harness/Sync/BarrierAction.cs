using Harness.Processes;

namespace Harness.Sync;

/// <summary>
/// A barrier's action (Python's <c>action</c>), ready to run in this process. The barrier keeps
/// the encoded method and argument in its segment (<see cref="RemoteCall"/>), so every process
/// that opens the barrier can run it: the action runs in whichever process is the last to arrive.
/// </summary>
internal sealed class BarrierAction : IDisposable
{
    private readonly Action _run;
    private readonly object?[] _opened;

    private BarrierAction(Action run, object?[] opened)
    {
        _run = run;
        _opened = opened;
    }

    /// <summary>The creator's own delegate, called as it is.</summary>
    public static BarrierAction Local(Action run) => new(run, []);

    /// <inheritdoc cref="RemoteCall.Encode"/>
    public static byte[] Encode(Delegate action, string paramName, byte[][] arguments) =>
        RemoteCall.Encode(action, paramName, arguments, "Mp.Barrier(parties, Action, x)");

    /// <summary>Finds the method in this process and reads its argument (opening any shared object in it).</summary>
    public static BarrierAction Decode(byte[] encoded)
    {
        RemoteCall call = RemoteCall.Decode(encoded, "barrier action");
        return new(call.Invoke, call.Arguments);
    }

    /// <summary>Runs the action; what it throws comes out unwrapped.</summary>
    public void Run() => _run();

    /// <summary>Releases what <see cref="Decode"/> opened in this process (the creator's own argument stays the caller's).</summary>
    public void Dispose()
    {
        foreach (object? value in _opened)
        {
            (value as IDisposable)?.Dispose();
        }
    }
}
