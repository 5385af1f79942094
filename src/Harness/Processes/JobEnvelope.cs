namespace Harness.Processes;

/// <summary>
/// What a parent sends a child on its standard input: who the child is, the method to run and
/// its serialized arguments. A small hand-rolled binary layout keeps the child's start-up free
/// of serializer warm-up when a job has no arguments.
/// </summary>
internal sealed record JobEnvelope(string Name, int ParentPid, string ControlToken, JobTarget Target, byte[][] Arguments)
{
    private const int Magic = 0x314A504D; // "MPJ1"

    public void WriteTo(Stream stream)
    {
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(Name);
        w.Write(ParentPid);
        w.Write(ControlToken);
        w.Write(Target.AssemblyName);
        w.Write(Target.AssemblyLocation);
        w.Write(Target.ModuleVersionId.ToByteArray());
        w.Write(Target.MetadataToken);
        WriteStrings(w, Target.TypeArguments);
        WriteStrings(w, Target.MethodArguments);
        w.Write(Arguments.Length);
        foreach (byte[] a in Arguments)
        {
            w.Write(a.Length);
            w.Write(a);
        }
        w.Flush();
    }

    public static JobEnvelope ReadFrom(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (r.ReadInt32() != Magic)
        {
            throw new InvalidDataException("Standard input does not start with a job: Harness.dll is started by MpProcess.Start, not by hand.");
        }
        string name = r.ReadString();
        int parentPid = r.ReadInt32();
        string token = r.ReadString();
        var target = new JobTarget(r.ReadString(), r.ReadString(), new Guid(r.ReadBytes(16)), r.ReadInt32(),
            ReadStrings(r), ReadStrings(r));
        var args = new byte[r.ReadInt32()][];
        for (int i = 0; i < args.Length; i++)
        {
            int length = r.ReadInt32();
            args[i] = r.ReadBytes(length);
            if (args[i].Length != length)
            {
                throw new EndOfStreamException("The job's arguments were cut short: the parent stopped while sending them.");
            }
        }
        return new JobEnvelope(name, parentPid, token, target, args);
    }

    private static void WriteStrings(BinaryWriter w, string[] values)
    {
        w.Write(values.Length);
        foreach (string v in values)
        {
            w.Write(v);
        }
    }

    private static string[] ReadStrings(BinaryReader r)
    {
        var values = new string[r.ReadInt32()];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = r.ReadString();
        }
        return values;
    }
}
