using System.Reflection;
using MessagePack;
using Harness.Processes;
using Harness.Transport;

namespace Harness.Pools;

/// <summary>
/// The pool's task format for workers that are not the pool's own child processes (the cluster
/// pool's silos): a function definition (the method's identity, as a child process receives it,
/// and the delegate's type arguments) and a chunk of items, both in <see cref="MpPool"/>'s own
/// encodings, run by the same <see cref="FunctionRunner"/> a local worker uses. One format, so a
/// job behaves the same wherever it runs.
/// </summary>
internal static class RemoteTasks
{
    /// <summary>Names a function for a remote worker; refuses at the call what a worker could not run.</summary>
    /// <exception cref="ArgumentException">The function captures variables, is an instance method or is dynamic.</exception>
    public static byte[] Define(Delegate func, string paramName, params Type[] delegateTypes)
    {
        JobTarget target = JobTarget.From(func, paramName);
        var w = new FrameWriter();
        target.WriteTo(w);
        w.Strings([.. delegateTypes.Select(t => t.AssemblyQualifiedName!)]);
        return w.Written.ToArray();
    }

    /// <summary>A chunk of items, serialized in the caller's thread so an item that can't be copied fails the call.</summary>
    /// <exception cref="ArgumentException">An item can't be copied to another process.</exception>
    public static byte[] PackItems<T>(T[] chunk)
    {
        try
        {
            return ArrayCodec.ToBytes(chunk);
        }
        catch (MessagePackSerializationException e)
        {
            throw new ArgumentException($"An item of type {typeof(T).Name} can't be sent to a pool worker: {e.InnerException?.Message ?? e.Message}", e);
        }
    }

    /// <summary>The "items" of a function without arguments: how many times to call it.</summary>
    public static byte[] PackCalls(int count) => MessagePackSerializer.Serialize(count, Serializer.Options);

    /// <summary>Reads a chunk's results; a result that can't be read back is the task's error, as in <see cref="MpPool"/>.</summary>
    /// <exception cref="RemoteException">The results could not be read.</exception>
    public static TResult[] ReadResults<TResult>(ReadOnlyMemory<byte> results)
    {
        try
        {
            return ArrayCodec.Read<TResult>(results);
        }
        catch (MessagePackSerializationException e)
        {
            throw new RemoteException(e.GetType().FullName!, $"A task's result could not be read back: {e.Message}", "", e.ToString(), null);
        }
    }

    /// <summary>The assembly a definition's method lives in: its full name and its path in the pool's process.</summary>
    public static (string Name, string Location) AssemblyOf(ReadOnlySpan<byte> definition)
    {
        var r = new FrameReader(definition);
        JobTarget target = JobTarget.ReadFrom(ref r);
        return (target.AssemblyName, target.AssemblyLocation);
    }

    /// <summary>Resolves a definition in a worker: finds the method (refusing another build of its assembly) and builds its runner.</summary>
    /// <exception cref="InvalidOperationException">The assembly loaded here is not the build the pool's process runs.</exception>
    public static FunctionRunner Resolve(ReadOnlySpan<byte> definition, out MethodInfo method)
    {
        var r = new FrameReader(definition);
        JobTarget target = JobTarget.ReadFrom(ref r);
        Type[] delegateTypes = [.. r.Strings().Select(n => Type.GetType(n, throwOnError: true)!)];
        method = target.Resolve();
        return FunctionRunner.Create(method, delegateTypes);
    }

    /// <summary>Runs a chunk; what the function throws propagates to the caller.</summary>
    public static byte[] Run(FunctionRunner runner, ReadOnlyMemory<byte> items)
    {
        var output = new GrowBuffer(256);
        runner.Run(items, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>What a worker reports of an exception, field by field, as a local worker's error message carries it.</summary>
    public static (string Type, string Message, string StackTrace, string Details) DescribeError(Exception e)
    {
        Exception innermost = e;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }
        string message = e is MessagePackSerializationException
            ? $"A task's result can't be sent back to the pool: {innermost.Message}"
            : e.Message;
        return (e.GetType().FullName ?? e.GetType().Name, message, e.StackTrace ?? "", e.ToString());
    }

    /// <summary>The exception a caller sees for a worker's error report.</summary>
    public static RemoteException ToRemoteException(string type, string message, string stackTrace, string details, int? pid) =>
        new(type, message, stackTrace, details, pid);
}
