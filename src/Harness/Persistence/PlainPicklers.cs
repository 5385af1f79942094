using System.Buffers.Binary;
using System.Numerics;
using Razorvine.Pickle;

namespace Harness.Persistence;

/// <summary>
/// The two things Razorvine's pickler doesn't write the way Python 3 reads them back as the same
/// type: <c>byte[]</c> (it writes a bytearray) and <c>BigInteger</c> (it has no case for it).
/// Each is a few opcode bytes, written as CPython's pickler writes them.
/// </summary>
internal static class PlainPicklers
{
    /// <summary>Registers the picklers (Razorvine's registry is process-wide; both types are ours to claim).</summary>
    public static void Register()
    {
        Pickler.registerCustomPickler(typeof(PickleBytes), new BytesPickler());
        Pickler.registerCustomPickler(typeof(BigInteger), new BigIntegerPickler());
    }

    /// <summary>A <c>byte[]</c> on its way to the pickler, which would otherwise write it as a bytearray.</summary>
    public sealed class PickleBytes(byte[] data)
    {
        public byte[] Data { get; } = data;
    }

    /// <summary>Writes bytes as SHORT_BINBYTES or BINBYTES, which Python 3 loads as <c>bytes</c>.</summary>
    private sealed class BytesPickler : IObjectPickler
    {
        public void pickle(object o, Stream outs, Pickler currentPickler)
        {
            byte[] data = ((PickleBytes)o).Data;
            if (data.Length < 256)
            {
                outs.WriteByte((byte)'C');
                outs.WriteByte((byte)data.Length);
            }
            else
            {
                Span<byte> header = stackalloc byte[5];
                header[0] = (byte)'B';
                BinaryPrimitives.WriteInt32LittleEndian(header[1..], data.Length);
                outs.Write(header);
            }
            outs.Write(data);
        }
    }

    /// <summary>Writes an integer beyond 64 bits as LONG1 or LONG4: little-endian two's complement, as Python does.</summary>
    private sealed class BigIntegerPickler : IObjectPickler
    {
        public void pickle(object o, Stream outs, Pickler currentPickler)
        {
            byte[] data = ((BigInteger)o).ToByteArray();
            if (data.Length < 256)
            {
                outs.WriteByte(0x8a);
                outs.WriteByte((byte)data.Length);
            }
            else
            {
                Span<byte> header = stackalloc byte[5];
                header[0] = 0x8b;
                BinaryPrimitives.WriteInt32LittleEndian(header[1..], data.Length);
                outs.Write(header);
            }
            outs.Write(data);
        }
    }
}
