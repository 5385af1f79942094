using System.Buffers;
using System.Buffers.Binary;
using System.Text;

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
        var w = new Writer();
        w.Int(Magic);
        w.String(Name);
        w.Int(ParentPid);
        w.String(ControlToken);
        w.String(Target.AssemblyName);
        w.String(Target.AssemblyLocation);
        w.Bytes(Target.ModuleVersionId.ToByteArray());
        w.Int(Target.MetadataToken);
        w.Strings(Target.TypeArguments);
        w.Strings(Target.MethodArguments);
        w.Int(Arguments.Length);
        foreach (byte[] a in Arguments)
        {
            w.Bytes(a);
        }
        return w.ToArray();
    }

    public static JobEnvelope Parse(ReadOnlySpan<byte> data)
    {
        var r = new Reader(data);
        if (r.Int() != Magic)
        {
            throw new InvalidDataException("This is not a job: Harness.dll is started by MpProcess.Start, not by hand.");
        }
        string name = r.String();
        int parentPid = r.Int();
        string token = r.String();
        string assemblyName = r.String();
        string location = r.String();
        var mvid = new Guid(r.Bytes());
        int metadataToken = r.Int();
        var target = new JobTarget(assemblyName, location, mvid, metadataToken, r.Strings(), r.Strings());
        var args = new byte[r.Int()][];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = r.Bytes();
        }
        return new JobEnvelope(name, parentPid, token, target, args);
    }

    private sealed class Writer
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(256);

        public void Int(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
            _buffer.Advance(4);
        }

        public void Bytes(ReadOnlySpan<byte> value)
        {
            Int(value.Length);
            _buffer.Write(value);
        }

        public void String(string value) => Bytes(Encoding.UTF8.GetBytes(value));

        public void Strings(string[] values)
        {
            Int(values.Length);
            foreach (string v in values)
            {
                String(v);
            }
        }

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public int Int()
        {
            if (_rest.Length < 4)
            {
                throw Truncated();
            }
            int value = BinaryPrimitives.ReadInt32LittleEndian(_rest);
            _rest = _rest[4..];
            return value;
        }

        public byte[] Bytes() => Span().ToArray();

        public string String() => Encoding.UTF8.GetString(Span());

        public string[] Strings()
        {
            var values = new string[Int()];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = String();
            }
            return values;
        }

        private ReadOnlySpan<byte> Span()
        {
            int length = Int();
            if (length < 0 || length > _rest.Length)
            {
                throw Truncated();
            }
            ReadOnlySpan<byte> value = _rest[..length];
            _rest = _rest[length..];
            return value;
        }

        private static EndOfStreamException Truncated() =>
            new("The job was cut short: the parent stopped while sending it.");
    }
}
