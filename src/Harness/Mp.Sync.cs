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

    /// <summary>A barrier for <paramref name="parties"/> parties across processes, like <c>mp.Barrier(parties)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">parties is less than 1.</exception>
    public static MpBarrier Barrier(int parties) => MpBarrier.Create(parties);
}
