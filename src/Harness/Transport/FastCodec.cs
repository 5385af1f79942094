using System.Buffers;
using System.Buffers.Binary;
using System.Reflection;
using System.Text;
using MessagePack;
using MessagePack.Formatters;

namespace Harness.Transport;

/// <summary>
/// A small codec for the arguments most jobs take: numbers, strings, arrays and lists of them,
/// and harness objects that cross by name. Measured here: a child's first MessagePack call
/// costs about 25 ms (its standard options build dynamic assemblies), more than the child's
/// whole start. Arguments of these types skip MessagePack's serializer in both processes;
/// harness objects still use their MessagePack formatters, called directly, which need only
/// MessagePack's reader (about 3 ms cold). Everything else goes through MessagePack as before.
/// </summary>
internal static class FastCodec
{
    private static readonly Dictionary<Type, Func<ReadOnlyMemory<byte>, object?>> s_harnessReaders = [];

    /// <summary>Whether values of this type are encoded here rather than by MessagePack.</summary>
    public static bool Handles(Type type) =>
        IsScalar(type)
        || (type.IsSZArray && IsScalar(type.GetElementType()!))
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) && IsScalar(type.GetGenericArguments()[0]))
        || HarnessFormatter(type) is not null;

    /// <summary>Whether arrays of this element type are encoded here (numbers and strings; not harness objects).</summary>
    public static bool HandlesArrayOf(Type element) => IsScalar(element);

    private static bool IsScalar(Type t) =>
        t == typeof(string) || t == typeof(decimal) || (t.IsPrimitive && t != typeof(IntPtr) && t != typeof(UIntPtr));

    private static object? HarnessFormatter(Type type) =>
        type.Assembly == typeof(FastCodec).Assembly
            ? Shared.SharedObjectResolver.Create(type)
            : null;

    public static byte[] Encode<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        Type type = typeof(T);
        if (HarnessFormatter(type) is IMessagePackFormatter<T> formatter)
        {
            var writer = new MessagePackWriter(buffer);
            formatter.Serialize(ref writer, value, null!); // these formatters write names only and ignore options
            writer.Flush();
        }
        else if (IsScalar(type))
        {
            WriteScalar(buffer, type, value);
        }
        else if (value is null)
        {
            WriteInt(buffer, -1);
        }
        else
        {
            var items = (System.Collections.IList)value;
            Type element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
            WriteInt(buffer, items.Count);
            if (element.IsPrimitive && value is Array array)
            {
                // Numbers in bulk: the array's bytes as they are (every supported machine is little-endian).
                int size = Buffer.ByteLength(array);
                byte[] bytes = new byte[size];
                Buffer.BlockCopy(array, 0, bytes, 0, size);
                buffer.Write(bytes);
            }
            else
            {
                foreach (object? item in items)
                {
                    WriteScalar(buffer, element, item);
                }
            }
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static object? Decode(Type type, ReadOnlyMemory<byte> data)
    {
        if (HarnessFormatter(type) is not null)
        {
            return HarnessReader(type)(data);
        }
        ReadOnlySpan<byte> span = data.Span;
        if (IsScalar(type))
        {
            return ReadScalar(ref span, type);
        }
        int count = ReadInt(ref span);
        if (count < 0)
        {
            return null;
        }
        Type element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
        Array array = Array.CreateInstance(element, count);
        if (element.IsPrimitive)
        {
            int size = Buffer.ByteLength(array);
            Buffer.BlockCopy(span[..size].ToArray(), 0, array, 0, size);
        }
        else
        {
            for (int i = 0; i < count; i++)
            {
                array.SetValue(ReadScalar(ref span, element), i);
            }
        }
        if (type.IsArray)
        {
            return array;
        }
        var list = (System.Collections.IList)Activator.CreateInstance(type, count)!;
        foreach (object? item in array)
        {
            list.Add(item);
        }
        return list;
    }

    private static Func<ReadOnlyMemory<byte>, object?> HarnessReader(Type type)
    {
        lock (s_harnessReaders)
        {
            if (!s_harnessReaders.TryGetValue(type, out var reader))
            {
                reader = typeof(FastCodec).GetMethod(nameof(ReadHarness), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(type).CreateDelegate<Func<ReadOnlyMemory<byte>, object?>>();
                s_harnessReaders[type] = reader;
            }
            return reader;
        }
    }

    private static object? ReadHarness<T>(ReadOnlyMemory<byte> data)
    {
        var formatter = (IMessagePackFormatter<T>)HarnessFormatter(typeof(T))!;
        var reader = new MessagePackReader(data);
        return formatter.Deserialize(ref reader, null!);
    }

    private static void WriteInt(ArrayBufferWriter<byte> buffer, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    private static int ReadInt(ref ReadOnlySpan<byte> span)
    {
        int value = BinaryPrimitives.ReadInt32LittleEndian(span);
        span = span[4..];
        return value;
    }

    private static void WriteScalar(ArrayBufferWriter<byte> buffer, Type type, object? value)
    {
        switch (value)
        {
            case string s:
                byte[] text = Encoding.UTF8.GetBytes(s);
                WriteInt(buffer, text.Length);
                buffer.Write(text);
                return;
            case null:
                WriteInt(buffer, -1); // a null string
                return;
            case decimal d:
                foreach (int part in decimal.GetBits(d))
                {
                    WriteInt(buffer, part);
                }
                return;
            case bool b:
                buffer.Write([b ? (byte)1 : (byte)0]);
                return;
        }
        // Every other scalar is a number or a char, written little-endian.
        Span<byte> b8 = buffer.GetSpan(8);
        int size = value switch
        {
            byte v => Put(b8, v),
            sbyte v => Put(b8, (byte)v),
            short v => Put16(b8, (ushort)v),
            ushort v => Put16(b8, v),
            char v => Put16(b8, v),
            int v => Put32(b8, (uint)v),
            uint v => Put32(b8, v),
            float v => Put32(b8, BitConverter.SingleToUInt32Bits(v)),
            long v => Put64(b8, (ulong)v),
            ulong v => Put64(b8, v),
            double v => Put64(b8, BitConverter.DoubleToUInt64Bits(v)),
            _ => throw new NotSupportedException($"{type} is not a scalar this codec writes."),
        };
        buffer.Advance(size);
    }

    private static int Put(Span<byte> b, byte v)
    {
        b[0] = v;
        return 1;
    }

    private static int Put16(Span<byte> b, ushort v)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        return 2;
    }

    private static int Put32(Span<byte> b, uint v)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return 4;
    }

    private static int Put64(Span<byte> b, ulong v)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        return 8;
    }

    private static object? ReadScalar(ref ReadOnlySpan<byte> span, Type type)
    {
        if (type == typeof(string))
        {
            int length = ReadInt(ref span);
            if (length < 0)
            {
                return null;
            }
            string s = Encoding.UTF8.GetString(span[..length]);
            span = span[length..];
            return s;
        }
        if (type == typeof(decimal))
        {
            int[] parts = [ReadInt(ref span), ReadInt(ref span), ReadInt(ref span), ReadInt(ref span)];
            return new decimal(parts);
        }
        if (type == typeof(bool))
        {
            bool b = span[0] != 0;
            span = span[1..];
            return b;
        }
        (object value, int size) = Type.GetTypeCode(type) switch
        {
            TypeCode.Byte => ((object)span[0], 1),
            TypeCode.SByte => ((sbyte)span[0], 1),
            TypeCode.Int16 => (BinaryPrimitives.ReadInt16LittleEndian(span), 2),
            TypeCode.UInt16 => (BinaryPrimitives.ReadUInt16LittleEndian(span), 2),
            TypeCode.Char => ((char)BinaryPrimitives.ReadUInt16LittleEndian(span), 2),
            TypeCode.Int32 => (BinaryPrimitives.ReadInt32LittleEndian(span), 4),
            TypeCode.UInt32 => (BinaryPrimitives.ReadUInt32LittleEndian(span), 4),
            TypeCode.Single => (BitConverter.UInt32BitsToSingle(BinaryPrimitives.ReadUInt32LittleEndian(span)), 4),
            TypeCode.Int64 => (BinaryPrimitives.ReadInt64LittleEndian(span), 8),
            TypeCode.UInt64 => (BinaryPrimitives.ReadUInt64LittleEndian(span), 8),
            TypeCode.Double => (BitConverter.UInt64BitsToDouble(BinaryPrimitives.ReadUInt64LittleEndian(span)), 8),
            _ => throw new NotSupportedException($"{type} is not a scalar this codec reads."),
        };
        span = span[size..];
        return value;
    }
}
