namespace Harness.Processes;

/// <summary>
/// The last word of a child, written by the harness's entry point once the job has returned
/// or thrown. It travels on the child's standard error as one line that starts with a control
/// character and a token that is random per child, so the parent picks it out of the output
/// and user text can't forge it by chance.
/// </summary>
internal sealed record ChildReport(bool Ok, string? ErrorType = null, string? Message = null, string? StackTrace = null, string? Details = null)
{
    private const char Mark = '\u001e';

    public string Format(string token)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Ok);
            w.Write(ErrorType ?? "");
            w.Write(Message ?? "");
            w.Write(StackTrace ?? "");
            w.Write(Details ?? "");
        }
        return $"{Mark}{token} {Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length)}";
    }

    /// <summary>Finds a report in a line of the child's standard error.</summary>
    /// <param name="line">The line as read.</param>
    /// <param name="token">This child's token.</param>
    /// <param name="before">Text the child wrote on the same line before the report.</param>
    public static ChildReport? Find(string line, string token, out string before)
    {
        before = line;
        int at = line.IndexOf(Mark, StringComparison.Ordinal);
        if (at < 0 || string.CompareOrdinal(line, at + 1, token, 0, token.Length) != 0
            || line.Length <= at + 1 + token.Length || line[at + 1 + token.Length] != ' ')
        {
            return null;
        }
        try
        {
            byte[] bytes = Convert.FromBase64String(line[(at + token.Length + 2)..]);
            using var r = new BinaryReader(new MemoryStream(bytes));
            var report = new ChildReport(r.ReadBoolean(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString());
            before = line[..at];
            return report;
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException)
        {
            return null;
        }
    }
}
