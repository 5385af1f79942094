using System.Globalization;

namespace Harness.Processes;

/// <summary>
/// One blocking call a thread is in: <see cref="Call"/> on <see cref="Kind"/> <see cref="Id"/>.
/// </summary>
/// <param name="Call">The public method: "Get", "Join", "Acquire".</param>
/// <param name="Kind">What was waited on: "queue", "process", "lock".</param>
/// <param name="Id">The object's identity across processes (a segment's or a process's name).</param>
/// <param name="Label">The name the learner gave it (the job's parameter), when known.</param>
/// <param name="TypeName">Its type as written in C#: MpQueue&lt;int&gt;.</param>
/// <param name="Timed">Whether the call has a timeout, so that it ends by itself.</param>
/// <param name="Detail">What the object tells about the wait ("held by pid 42"), or null.</param>
/// <param name="ThreadName">The waiting thread's name, when it has one.</param>
internal sealed record BlockedCall(string Call, string Kind, string? Id, string? Label, string TypeName, bool Timed,
    string? Detail = null, string? ThreadName = null)
{
    /// <summary>How long the call had waited when this was observed.</summary>
    public double Seconds { get; init; }

    /// <summary>Waits on a queue, pipe, lock, event, condition, barrier or semaphore: only another process's action ends them.</summary>
    public bool WaitsOnAnotherProcess => Kind is not ("process" or "pool result");

    /// <summary>"Get on the queue 'items' (MpQueue&lt;int&gt;)", "Join on MpProcess-3".</summary>
    public string Describe()
    {
        string what = Kind == "process"
            ? Id ?? "a process"
            : Label is not null ? $"the {Kind} '{Label}' ({TypeName})" : $"a {Kind} ({TypeName})";
        return Detail is null ? $"{Call} on {what}" : $"{Call} on {what}, {Detail}";
    }

    /// <summary>A duration for a learner: "12 s", "2 min 5 s".</summary>
    public static string Duration(double seconds) =>
        seconds < 60
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, Math.Round(seconds)):0} s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)} min {(int)(seconds % 60)} s");

    public void Write(BinaryWriter w)
    {
        w.Write(Call);
        w.Write(Kind);
        w.Write(Id ?? "");
        w.Write(Label ?? "");
        w.Write(TypeName);
        w.Write(Timed);
        w.Write(Detail ?? "");
        w.Write(ThreadName ?? "");
        w.Write(Seconds);
    }

    public static BlockedCall Read(BinaryReader r)
    {
        string call = r.ReadString(), kind = r.ReadString(), id = r.ReadString(), label = r.ReadString(), type = r.ReadString();
        bool timed = r.ReadBoolean();
        string detail = r.ReadString(), thread = r.ReadString();
        return new BlockedCall(call, kind, NullIfEmpty(id), NullIfEmpty(label), type, timed, NullIfEmpty(detail), NullIfEmpty(thread))
        {
            Seconds = r.ReadDouble(),
        };
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
