using Harness.Processes;

namespace Harness.Pools;

/// <summary>
/// A pool's initializer (Python's <c>initializer</c> and <c>initargs</c>): the method and its
/// arguments, encoded once by the pool and run by each worker before it takes a task.
/// </summary>
internal static class PoolInitializer
{
    /// <summary>Names the method and carries its arguments, each already serialized as a job argument.</summary>
    public static byte[] Encode(Delegate initializer, string paramName, byte[][] arguments) =>
        RemoteCall.Encode(initializer, paramName, arguments, "Mp.Pool(n, Initializer, x)");

    /// <summary>Runs the initializer in this worker; what it throws ends the worker, as in Python.</summary>
    public static void Run(byte[] encoded) => RemoteCall.Decode(encoded, "pool initializer").Invoke();
}
