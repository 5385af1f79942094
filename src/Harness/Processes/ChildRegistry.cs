using System.Collections.Concurrent;

namespace Harness.Processes;

/// <summary>
/// The children this process has started and not yet seen exit. At a normal exit, Python ends
/// daemon children and joins the others; so do we. A parent that dies abruptly needs no
/// registry: its children see their standard input close and end themselves.
/// </summary>
internal static class ChildRegistry
{
    private static readonly ConcurrentDictionary<MpProcess, byte> s_live = new();
    private static int s_hooked;

    public static void Add(MpProcess process)
    {
        if (Interlocked.Exchange(ref s_hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => OnExit();
        }
        s_live.TryAdd(process, 0);
    }

    public static void Remove(MpProcess process) => s_live.TryRemove(process, out _);

    /// <summary>The children still running, like <c>mp.active_children()</c>.</summary>
    public static IReadOnlyList<MpProcess> Active => [.. s_live.Keys];

    private static void OnExit()
    {
        // Daemons first and all together, so that no non-daemon join waits on a daemon's end.
        foreach (MpProcess p in s_live.Keys.Where(p => p.Daemon).ToList())
        {
            p.OnParentExit();
        }
        foreach (MpProcess p in s_live.Keys.ToList())
        {
            p.OnParentExit();
        }
    }
}
