using System.Reflection;
using Harness.Processes;
using Harness.Transport;

namespace Harness.Pools;

/// <summary>
/// A pool's initializer (Python's <c>initializer</c> and <c>initargs</c>): the method and its
/// arguments, encoded once by the pool and run by each worker before it takes a task.
/// </summary>
internal static class PoolInitializer
{
    /// <summary>Names the method and carries its arguments, each already serialized as a job argument.</summary>
    public static byte[] Encode(Delegate initializer, string paramName, byte[][] arguments)
    {
        JobTarget target = JobTarget.From(initializer, paramName);
        var w = new FrameWriter();
        target.WriteTo(w);
        w.Int(arguments.Length);
        foreach (byte[] a in arguments)
        {
            w.Bytes(a);
        }
        return w.Written.ToArray();
    }

    /// <summary>Runs the initializer in this worker; what it throws ends the worker, as in Python.</summary>
    public static void Run(byte[] encoded)
    {
        var r = new FrameReader(encoded);
        MethodInfo method = JobTarget.ReadFrom(ref r).Resolve();
        ParameterInfo[] parameters = method.GetParameters();
        int count = r.Int();
        if (count != parameters.Length)
        {
            throw new TargetParameterCountException($"The pool initializer {method.Name} takes {parameters.Length} arguments but the pool sent {count}.");
        }
        object?[] values = new object?[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = Serializer.DeserializeArgument(parameters[i].ParameterType, r.Bytes().ToArray());
        }
        method.Invoke(JobTarget.TargetFor(method), BindingFlags.DoNotWrapExceptions, null, values, null);
    }
}
