using Harness.Processes;
using Harness.Transport;

namespace Harness;

public static partial class Mp
{
    private static MpProcessInfo? s_current;

    /// <summary>
    /// This process: its name ("MainProcess" in the top process, the <see cref="MpProcess.Name"/>
    /// in a child), its id and its parent's id (null in the top process).
    /// </summary>
    public static MpProcessInfo CurrentProcess => s_current ??= new MpProcessInfo("MainProcess", Environment.ProcessId, null);

    /// <summary>The children started by this process that are still running, like <c>mp.active_children()</c>.</summary>
    public static IReadOnlyList<MpProcess> ActiveChildren => ChildRegistry.Active;

    internal static void SetCurrentProcess(MpProcessInfo info) => s_current = info;

    /// <summary>Creates a process that will run <paramref name="target"/> with no arguments. Call Start to run it.</summary>
    /// <param name="target">A static method, or a lambda that captures nothing.</param>
    /// <exception cref="ArgumentException">The target captures variables or is an instance method.</exception>
    public static MpProcess Process(Action target) => new(Target(target), []);

    /// <summary>Creates a process that will run <c>target(arg1)</c>. Call Start to run it.</summary>
    /// <param name="target">A static method, or a lambda that captures nothing.</param>
    /// <param name="arg1">Copied to the child now; later changes in the parent don't reach it.</param>
    /// <exception cref="ArgumentException">The target captures variables, or an argument can't be copied to another process.</exception>
    public static MpProcess Process<T1>(Action<T1> target, T1 arg1) =>
        new(Target(target), [Arg(arg1, 1, target)]) { Arguments = [arg1] };

    /// <summary>Creates a process that will run <c>target(arg1, arg2)</c>, like <c>mp.Process(target=job, args=(a, d))</c>.</summary>
    /// <inheritdoc cref="Process{T1}(Action{T1}, T1)"/>
    public static MpProcess Process<T1, T2>(Action<T1, T2> target, T1 arg1, T2 arg2) =>
        new(Target(target), [Arg(arg1, 1, target), Arg(arg2, 2, target)]) { Arguments = [arg1, arg2] };

    /// <summary>Creates a process that will run <c>target(arg1, arg2, arg3)</c>.</summary>
    /// <inheritdoc cref="Process{T1}(Action{T1}, T1)"/>
    public static MpProcess Process<T1, T2, T3>(Action<T1, T2, T3> target, T1 arg1, T2 arg2, T3 arg3) =>
        new(Target(target), [Arg(arg1, 1, target), Arg(arg2, 2, target), Arg(arg3, 3, target)]) { Arguments = [arg1, arg2, arg3] };

    /// <summary>Creates a process that will run <c>target(arg1, arg2, arg3, arg4)</c>.</summary>
    /// <inheritdoc cref="Process{T1}(Action{T1}, T1)"/>
    public static MpProcess Process<T1, T2, T3, T4>(Action<T1, T2, T3, T4> target, T1 arg1, T2 arg2, T3 arg3, T4 arg4) =>
        new(Target(target), [Arg(arg1, 1, target), Arg(arg2, 2, target), Arg(arg3, 3, target), Arg(arg4, 4, target)]) { Arguments = [arg1, arg2, arg3, arg4] };

    // The target is checked before the arguments are serialized: a capturing lambda is the
    // more basic mistake, and its message names what it captured.
    private static (JobTarget, string) Target(Delegate target) =>
        (JobTarget.From(target, nameof(target)), JobTarget.Describe(target));

    private static byte[] Arg<T>(T value, int position, Delegate target)
    {
        System.Reflection.ParameterInfo parameter = target.Method.GetParameters()[position - 1];
        if (value is not null && value.GetType().Assembly == typeof(Mp).Assembly && parameter.Name is { } name)
        {
            Blocking.Label(value, name); // a queue passed as "items" is "the queue 'items'" in messages
        }
        return Serializer.SerializeArgument(value, parameter.ParameterType, $"Argument {position} ({typeof(T).Name})");
    }
}
