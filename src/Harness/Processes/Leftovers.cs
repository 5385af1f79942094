using System.Text;

namespace Harness.Processes;

/// <summary>
/// Says, in a learner's terms, what children that are still running are doing: what each waits
/// for, and, where the harness can tell, why the wait can never end.
/// </summary>
internal static class Leftovers
{
    /// <summary>"1 child process", "2 child processes".</summary>
    public static string Count(int n) => n == 1 ? "1 child process" : $"{n} child processes";

    /// <summary>One paragraph per child, separated by blank lines.</summary>
    public static string Describe(IReadOnlyList<MpProcess> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        return string.Join("\n\n", children.Select(Describe));
    }

    /// <summary>What one running child is doing, and why it may never end.</summary>
    public static string Describe(MpProcess child)
    {
        ArgumentNullException.ThrowIfNull(child);
        string who = $"{child.Name} ({Friendly(child.TargetName)})";
        if (child.Status is not { } status)
        {
            return $"{who} was still running, not waiting on a queue, lock or process of the harness: " +
                   "it was computing or sleeping, and nothing waited for it to finish. Join every process you start.";
        }
        var text = new StringBuilder();
        foreach (BlockedCall call in status.Calls)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }
            double seconds = call.Seconds + child.StatusAge.TotalSeconds;
            text.Append(who).Append(" was waiting in ").Append(call.Describe())
                .Append(" for ").Append(BlockedCall.Duration(seconds))
                .Append(call.Timed ? " (with a timeout)." : ", with no timeout.");
            if (Why(call) is { } why)
            {
                text.Append(' ').Append(why);
            }
        }
        return text.ToString();
    }

    /// <summary>"Type.Method"; a local function ("Program.&lt;&lt;Main&gt;$&gt;g__Consumer|0_1") by its own name.</summary>
    internal static string Friendly(string target)
    {
        int local = target.IndexOf("g__", StringComparison.Ordinal);
        if (local < 0)
        {
            return target;
        }
        int end = target.IndexOf('|', local);
        return end < 0 ? target[(local + 3)..] : target[(local + 3)..end];
    }

    /// <summary>Why the call can't end, when the harness can tell; else null.</summary>
    private static string? Why(BlockedCall call)
    {
        if (call.Kind is "queue" or "joinable queue" && call.Call == "Get" && call.Id is { } queue)
        {
            IReadOnlyList<MpProcess> putters = ChildRegistry.PuttersOf(queue);
            bool parentPut = Blocking.PutHere(queue);
            if (putters.Count == 0 && !parentPut)
            {
                return "Nothing was ever put on that queue by this program's processes: is the producer started, and does it put on this same queue?";
            }
            if (!parentPut && putters.All(p => !p.IsAlive))
            {
                string names = string.Join(" and ", putters.Select(p => $"{p.Name} ({Friendly(p.TargetName)})"));
                string verb = putters.Count == 1 ? $"{names}, the only process that put items on it, has exited" : $"{names}, the processes that put items on it, have exited";
                return $"The queue is empty and {verb}, so nothing more will arrive: did the producer put the sentinel (the value that tells the consumer to stop) after its last item?";
            }
            return null;
        }
        if (call.Kind == "lock" && call.Detail is { } held)
        {
            return $"The lock is {held}: whoever took it has not released it. Release a lock in a finally block, or take it with Hold() in a using block.";
        }
        return null;
    }
}
