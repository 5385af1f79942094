using Harness.Pools;
using Harness.Transport;

namespace Harness;

public static partial class Mp
{
    /// <summary>
    /// Starts a pool of worker processes, like <c>mp.Pool(processes, maxtasksperchild=...)</c>.
    /// Returns at once; tasks wait until a worker is up.
    /// </summary>
    /// <param name="processes">How many workers; null means <see cref="CpuCount"/>.</param>
    /// <param name="maxTasksPerChild">Tasks (chunks) a worker runs before it is replaced by a fresh one; null means no limit.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count below 1.</exception>
    public static MpPool Pool(int? processes = null, int? maxTasksPerChild = null) => NewPool(processes, maxTasksPerChild, null);

    /// <summary>
    /// Starts a pool whose workers each run <paramref name="initializer"/> once when they start,
    /// before any task, like <c>mp.Pool(processes, initializer)</c>. A worker whose initializer
    /// throws exits; when three in a row do, the pool fails its tasks with the reason rather than
    /// restarting workers for ever.
    /// </summary>
    /// <param name="processes">How many workers; null means <see cref="CpuCount"/>.</param>
    /// <param name="initializer">A static method, or a lambda that captures nothing.</param>
    /// <param name="maxTasksPerChild">Tasks (chunks) a worker runs before it is replaced; the replacement runs the initializer too.</param>
    /// <exception cref="ArgumentException">The initializer captures variables or is an instance method.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count below 1.</exception>
    public static MpPool Pool(int? processes, Action initializer, int? maxTasksPerChild = null) =>
        NewPool(processes, maxTasksPerChild, PoolInitializer.Encode(initializer, nameof(initializer), []));

    /// <summary>Like <see cref="Pool(int?, Action, int?)"/>, with an argument for the initializer, like <c>mp.Pool(n, initializer, (arg1,))</c>.</summary>
    /// <param name="processes">How many workers; null means <see cref="CpuCount"/>.</param>
    /// <param name="initializer">A static method, or a lambda that captures nothing.</param>
    /// <param name="arg1">Copied to each worker (a queue, shared value or lock crosses by name).</param>
    /// <param name="maxTasksPerChild">Tasks (chunks) a worker runs before it is replaced.</param>
    /// <exception cref="ArgumentException">The initializer captures variables, or the argument can't be copied to another process.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count below 1.</exception>
    public static MpPool Pool<T1>(int? processes, Action<T1> initializer, T1 arg1, int? maxTasksPerChild = null) =>
        NewPool(processes, maxTasksPerChild, PoolInitializer.Encode(initializer, nameof(initializer), [InitArg(arg1, 1, initializer)]));

    /// <summary>Like <see cref="Pool(int?, Action, int?)"/>, with two arguments for the initializer.</summary>
    /// <inheritdoc cref="Pool{T1}(int?, Action{T1}, T1, int?)"/>
    public static MpPool Pool<T1, T2>(int? processes, Action<T1, T2> initializer, T1 arg1, T2 arg2, int? maxTasksPerChild = null) =>
        NewPool(processes, maxTasksPerChild, PoolInitializer.Encode(initializer, nameof(initializer),
            [InitArg(arg1, 1, initializer), InitArg(arg2, 2, initializer)]));

    private static MpPool NewPool(int? processes, int? maxTasksPerChild, byte[]? initializer)
    {
        int count = processes ?? CpuCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(processes));
        if (maxTasksPerChild is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(maxTasksPerChild));
        }
        return new MpPool(count, maxTasksPerChild, initializer);
    }

    private static byte[] InitArg<T>(T value, int position, Delegate initializer) =>
        Serializer.SerializeArgument(value, initializer.Method.GetParameters()[position - 1].ParameterType, $"Initializer argument {position} ({typeof(T).Name})");
}
