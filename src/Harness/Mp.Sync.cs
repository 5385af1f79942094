namespace Harness;

public static partial class Mp
{
    /// <summary>A lock shared by processes, like <c>mp.Lock()</c>. Pass it to children as an argument.</summary>
    public static MpLock Lock() => MpLock.Create();

    /// <summary>A re-entrant lock shared by processes, like <c>mp.RLock()</c>.</summary>
    public static MpRLock RLock() => MpRLock.Create();

    /// <summary>A counting semaphore shared by processes, like <c>mp.Semaphore(value)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">initial is negative.</exception>
    public static MpSemaphore Semaphore(int initial = 1) => MpSemaphore.Create(initial, bounded: false);

    /// <summary>A semaphore whose count may never pass <paramref name="initial"/>, like <c>mp.BoundedSemaphore(value)</c>: an extra Release throws.</summary>
    /// <exception cref="ArgumentOutOfRangeException">initial is negative.</exception>
    public static MpSemaphore BoundedSemaphore(int initial = 1) => MpSemaphore.Create(initial, bounded: true);

    /// <summary>A flag processes can wait for, like <c>mp.Event()</c>; it starts cleared.</summary>
    public static MpEvent Event() => MpEvent.Create();

    /// <summary>A condition variable shared by processes, like <c>mp.Condition(lock)</c>.</summary>
    /// <param name="lock">The lock to use; null (the default) makes a new <see cref="MpRLock"/>.</param>
    public static MpCondition Condition(MpRLock? @lock = null) => MpCondition.Create(@lock);

    /// <summary>A barrier for <paramref name="parties"/> parties across processes, like <c>mp.Barrier(parties)</c>: no action, no default timeout.</summary>
    /// <exception cref="ArgumentOutOfRangeException">parties is less than 1 (or above 2^30 - 1).</exception>
    public static MpBarrier Barrier(int parties) => MpBarrier.Create(parties, timeout: null);

    /// <summary>
    /// A barrier for <paramref name="parties"/> parties across processes, like
    /// <c>mp.Barrier(parties, action, timeout)</c>.
    /// </summary>
    /// <param name="parties">How many parties must arrive for it to open.</param>
    /// <param name="action">
    /// Run once a round, by the last party to arrive, in that party's process, before any party
    /// is let through; if it throws, the barrier breaks and that party's Wait throws what it threw.
    /// Like a process target, a static method or a lambda that captures nothing. Null (the
    /// default): none.
    /// </param>
    /// <param name="timeout">The timeout of every <see cref="MpBarrier.Wait"/> that gives none. Null (the default): wait forever.</param>
    /// <exception cref="ArgumentOutOfRangeException">parties is less than 1 (or above 2^30 - 1), or the timeout is negative and not infinite.</exception>
    /// <exception cref="ArgumentException">The action captures variables or an object, or was generated at run time: another process could not run it.</exception>
    public static MpBarrier Barrier(int parties, Action? action = null, TimeSpan? timeout = null) =>
        MpBarrier.Create(parties, timeout, action, action);

    /// <summary>
    /// Like <see cref="Barrier(int, Action?, TimeSpan?)"/>, with an argument for the action: what
    /// the action works on (a shared value, a queue), since it can capture nothing. Each process
    /// that opens the barrier gets its own copy, as a process target gets its arguments.
    /// </summary>
    /// <param name="parties">How many parties must arrive for it to open.</param>
    /// <param name="action">Run once a round by the last party to arrive, with <paramref name="arg"/>: see <see cref="Barrier(int, Action?, TimeSpan?)"/>.</param>
    /// <param name="arg">The action's argument; it must be able to cross to another process, like a process target's.</param>
    /// <param name="timeout">The timeout of every <see cref="MpBarrier.Wait"/> that gives none. Null (the default): wait forever.</param>
    /// <exception cref="ArgumentOutOfRangeException">parties is less than 1 (or above 2^30 - 1), or the timeout is negative and not infinite.</exception>
    /// <exception cref="ArgumentException">The action can't run in another process, or its argument can't be sent to one.</exception>
    /// <exception cref="ArgumentNullException">action is null.</exception>
    public static MpBarrier Barrier<T>(int parties, Action<T> action, T arg, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return MpBarrier.Create(parties, timeout, action, () => action(arg),
            [Transport.Serializer.SerializeArgument(arg, action.Method.GetParameters()[0].ParameterType, $"The barrier action's argument ({typeof(T).Name})")]);
    }
}
