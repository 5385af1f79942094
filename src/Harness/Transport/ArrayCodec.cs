using System.Buffers;
using MessagePack;

namespace Harness.Transport;

/// <summary>
/// Arrays of items or results on their way between a pool and its workers. Arrays of numbers
/// and strings go as raw bytes (<see cref="FastCodec"/>): MessagePack's reader, still running
/// unoptimized code in a fresh process, was measured reading 12,500 longs in 710 µs, most of
/// a 100,000-item map. Anything else goes through MessagePack. One leading byte says which.
/// </summary>
internal static class ArrayCodec
{
    public static void Write<T>(IBufferWriter<byte> output, T[] values)
    {
        if (FastCodec.HandlesArrayOf(typeof(T)))
        {
            output.Write([Serializer.FastKind]);
            output.Write(FastCodec.Encode(values));
        }
        else
        {
            output.Write([Serializer.MessagePackKind]);
            // Through a byte array: MessagePack 2.5's BigInteger formatter fails when it writes
            // into an IBufferWriter directly.
            output.Write(MessagePackSerializer.Serialize(values, Serializer.Options));
        }
    }

    public static byte[] ToBytes<T>(T[] values)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, values);
        return buffer.WrittenSpan.ToArray();
    }

    public static T[] Read<T>(ReadOnlyMemory<byte> data) =>
        data.Span[0] == Serializer.FastKind
            ? (T[])FastCodec.Decode(typeof(T[]), data[1..])!
            : MessagePackSerializer.Deserialize<T[]>(data[1..], Serializer.Options);
}
