using Harness.Transport;

namespace Harness.Processes;

/// <summary>
/// What a parent sends a child: who the child is, the method to run and its serialized
/// arguments. A small job travels on the command line, so the child starts running without
/// reading a pipe first; a large one follows on standard input behind a length prefix.
/// The layout is hand-rolled over spans: a child that prints nothing should not pay for
/// streams, readers or serializer warm-up before its job starts (measured: about 3 ms).
/// </summary>
internal sealed record JobEnvelope(string Name, int ParentPid, string ControlToken, JobTarget Target, byte[][] Arguments)
{
    private const int Magic = 0x314A504D; // "MPJ1"

    /// <summary>Jobs up to this size go on the command line (Linux allows 128 KiB per argument).</summary>
    public const int MaxInlineBytes = 16 * 1024;

    public byte[] ToBytes()
    {
        var w = new FrameWriter();
        w.Int(Magic);
        w.String(Name);
        w.Int(ParentPid);
        w.String(ControlToken);
        Target.WriteTo(w);
        w.Int(Arguments.Length);
        foreach (byte[] a in Arguments)
        {
            w.Bytes(a);
        }
        return w.Written.ToArray();
    }

    /// <summary>Sends a job on a child's standard input: a 4-byte length, then the job.</summary>
    /// <exception cref="IOException">The child is gone.</exception>
    public static void WriteFramed(Stream stdin, byte[] job)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, job.Length);
        stdin.Write(length);
        stdin.Write(job);
        stdin.Flush();
    }

    public static JobEnvelope Parse(ReadOnlySpan<byte> data)
    {
        var r = new FrameReader(data);
        if (r.Int() != Magic)
        {
            throw new InvalidDataException("This is not a job: Harness.dll is started by MpProcess.Start, not by hand.");
        }
        string name = r.String();
        int parentPid = r.Int();
        string token = r.String();
        JobTarget target = JobTarget.ReadFrom(ref r);
        var args = new byte[r.Int()][];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = r.Bytes().ToArray();
        }
        return new JobEnvelope(name, parentPid, token, target, args);
    }
}
