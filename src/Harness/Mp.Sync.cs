namespace Harness;

public static partial class Mp
{
    /// <summary>A lock shared by processes, like <c>mp.Lock()</c>. Pass it to children as an argument.</summary>
    public static MpLock Lock() => MpLock.Create();

    /// <summary>A re-entrant lock shared by processes, like <c>mp.RLock()</c>.</summary>
    public static MpRLock RLock() => MpRLock.Create();
}
