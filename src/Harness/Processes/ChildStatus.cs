namespace Harness.Processes;

/// <summary>
/// What a running child says about itself on the harness's control channel (its standard error,
/// in lines marked like <see cref="ChildReport"/>'s): the blocking calls it has been in for a
/// while, or none once it runs again; and, once per queue, that it put an item on that queue.
/// </summary>
/// <param name="LiveChildren">How many children of its own it has running: a wait may end through them.</param>
/// <param name="Calls">The calls its threads have waited in for at least <see cref="ChildWatch.Threshold"/>; empty when none.</param>
internal sealed record ChildStatus(int LiveChildren, IReadOnlyList<BlockedCall> Calls)
{
    private const char Mark = '\u001e';
    private const char StatusKind = '?';
    private const char PutKind = '+';

    public string Format(string token)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(LiveChildren);
            w.Write(Calls.Count);
            foreach (BlockedCall call in Calls)
            {
                call.Write(w);
            }
        }
        return $"{Mark}{token}{StatusKind}{Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length)}";
    }

    /// <summary>The line that says this process put on the queue named <paramref name="queueId"/>.</summary>
    public static string FormatPut(string token, string queueId) => $"{Mark}{token}{PutKind}{queueId}";

    /// <summary>
    /// Reads a status or put line of this child's control channel; false for anything else
    /// (output, a final report, a line with another token).
    /// </summary>
    public static bool TryParse(string line, string token, out ChildStatus? status, out string? putOn)
    {
        status = null;
        putOn = null;
        if (line.Length < token.Length + 2 || line[0] != Mark || string.CompareOrdinal(line, 1, token, 0, token.Length) != 0)
        {
            return false;
        }
        char kind = line[token.Length + 1];
        string rest = line[(token.Length + 2)..];
        if (kind == PutKind)
        {
            putOn = rest;
            return rest.Length > 0;
        }
        if (kind != StatusKind)
        {
            return false;
        }
        try
        {
            using var r = new BinaryReader(new MemoryStream(Convert.FromBase64String(rest)));
            int live = r.ReadInt32();
            int count = r.ReadInt32();
            var calls = new List<BlockedCall>(Math.Clamp(count, 0, 64));
            for (int i = 0; i < count; i++)
            {
                calls.Add(BlockedCall.Read(r));
            }
            status = new ChildStatus(live, calls);
            return true;
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException)
        {
            return false;
        }
    }
}
