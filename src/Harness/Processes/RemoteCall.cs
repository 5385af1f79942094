using System.Reflection;
using Harness.Transport;

namespace Harness.Processes;

/// <summary>
/// A method and its arguments, encoded once so that any process of the tree can call it: a
/// pool's initializer, a barrier's action. The method is named as a process target is
/// (<see cref="JobTarget"/>) and each argument is serialized as a job argument.
/// </summary>
internal sealed class RemoteCall
{
    private RemoteCall(MethodInfo method, object?[] arguments)
    {
        Method = method;
        Arguments = arguments;
    }

    public MethodInfo Method { get; }

    /// <summary>The arguments as this process read them (shared objects among them are opened here).</summary>
    public object?[] Arguments { get; }

    /// <summary>Checks the delegate can run in another process, names it and adds its serialized arguments.</summary>
    /// <param name="method">The delegate to call.</param>
    /// <param name="paramName">The caller's parameter, for the exception.</param>
    /// <param name="arguments">Each argument, serialized with <see cref="Serializer.SerializeArgument{T}"/>.</param>
    /// <param name="passArguments">A call that shows how to pass what a lambda captured, for the message.</param>
    /// <exception cref="ArgumentException">The delegate captures state, is an instance method, or is dynamic.</exception>
    public static byte[] Encode(Delegate method, string paramName, byte[][] arguments, string passArguments)
    {
        JobTarget target = JobTarget.From(method, paramName, passArguments);
        var w = new FrameWriter();
        target.WriteTo(w);
        w.Int(arguments.Length);
        foreach (byte[] a in arguments)
        {
            w.Bytes(a);
        }
        return w.Written.ToArray();
    }

    /// <summary>Finds the method in this process and reads its arguments as its parameter types.</summary>
    /// <param name="encoded">What <see cref="Encode"/> wrote.</param>
    /// <param name="what">Names the call in messages, e.g. "pool initializer".</param>
    /// <exception cref="TargetParameterCountException">The method takes another number of arguments than were encoded.</exception>
    public static RemoteCall Decode(byte[] encoded, string what)
    {
        var r = new FrameReader(encoded);
        MethodInfo method = JobTarget.ReadFrom(ref r).Resolve();
        ParameterInfo[] parameters = method.GetParameters();
        int count = r.Int();
        if (count != parameters.Length)
        {
            throw new TargetParameterCountException($"The {what} {method.Name} takes {parameters.Length} arguments but {count} were sent.");
        }
        object?[] values = new object?[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = Serializer.DeserializeArgument(parameters[i].ParameterType, r.Bytes().ToArray());
        }
        return new(method, values);
    }

    /// <summary>Calls the method; what it throws comes out unwrapped.</summary>
    public void Invoke() => Method.Invoke(JobTarget.TargetFor(Method), BindingFlags.DoNotWrapExceptions, null, Arguments, null);
}
