using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Harness.Transport;

/// <summary>The kinds of message between a pool and its workers.</summary>
internal enum FrameKind : byte
{
    /// <summary>Worker to pool, first: the pool's token and the worker's pid.</summary>
    Hello = 1,
    /// <summary>Pool to worker: a function id and the method it names.</summary>
    Define = 2,
    /// <summary>Pool to worker: a task id, a function id and the serialized items.</summary>
    Task = 3,
    /// <summary>Pool to worker: no more tasks; finish and exit.</summary>
    Stop = 4,
    /// <summary>Worker to pool: a task id, its run time in microseconds and the serialized results.</summary>
    Result = 5,
    /// <summary>Worker to pool: a task id and what the function threw.</summary>
    Error = 6,
}

/// <summary>
/// Builds frames into one buffer, so that many tasks or results go out in one write:
/// [int32 length of the rest][byte kind][payload].
/// </summary>
internal sealed class FrameWriter
{
    private readonly GrowBuffer _buffer = new(4096);
    private int _frameStart = -1;

    public int Length => _buffer.WrittenCount;

    public void Begin(FrameKind kind)
    {
        _frameStart = _buffer.WrittenCount;
        Int(0);
        Byte((byte)kind);
    }

    public void End()
    {
        int length = _buffer.WrittenCount - _frameStart - 4;
        BinaryPrimitives.WriteInt32LittleEndian(WrittenSpan()[_frameStart..], length);
        _frameStart = -1;
    }

    public void Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void Int(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void Long(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        Int(value.Length);
        _buffer.Write(value);
    }

    public void Strings(string[] values)
    {
        Int(values.Length);
        foreach (string v in values)
        {
            String(v);
        }
    }

    public void String(string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        Span<byte> span = _buffer.GetSpan(4 + max);
        int written = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, written);
        _buffer.Advance(4 + written);
    }

    public IBufferWriter<byte> Raw => _buffer;

    /// <summary>Writes a length placeholder, returns its position for <see cref="PatchLength"/>.</summary>
    public int ReserveLength()
    {
        int at = _buffer.WrittenCount;
        Int(0);
        return at;
    }

    public void PatchInt(int at, int value) =>
        BinaryPrimitives.WriteInt32LittleEndian(WrittenSpan()[at..], value);

    public void PatchLength(int at) =>
        BinaryPrimitives.WriteInt32LittleEndian(WrittenSpan()[at..], _buffer.WrittenCount - at - 4);

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public void Clear() => _buffer.Clear();

    /// <summary>Drops everything written after <paramref name="length"/> bytes: undoes a frame that failed half-way.</summary>
    public void Truncate(int length)
    {
        _buffer.Truncate(length);
        _frameStart = -1;
    }

    private Span<byte> WrittenSpan() => _buffer.WrittenSpan;
}

/// <summary>A growable byte buffer that can also shrink back, unlike ArrayBufferWriter.</summary>
internal sealed class GrowBuffer(int capacity) : IBufferWriter<byte>
{
    private byte[] _array = new byte[capacity];
    private int _count;

    public int WrittenCount => _count;

    public Span<byte> WrittenSpan => _array.AsSpan(0, _count);

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _count);

    public void Advance(int count) => _count += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(_count);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(_count);
    }

    public void Write(ReadOnlySpan<byte> value)
    {
        value.CopyTo(GetSpan(value.Length));
        _count += value.Length;
    }

    public void Clear() => _count = 0;

    public void Truncate(int length) => _count = Math.Min(_count, length);

    private void Ensure(int sizeHint)
    {
        int need = _count + Math.Max(sizeHint, 16);
        if (need > _array.Length)
        {
            Array.Resize(ref _array, Math.Max(need, _array.Length * 2));
        }
    }
}

/// <summary>Reads the fields of one frame's payload, in order.</summary>
internal ref struct FrameReader(ReadOnlySpan<byte> payload)
{
    private ReadOnlySpan<byte> _rest = payload;

    public byte Byte()
    {
        Need(1);
        byte b = _rest[0];
        _rest = _rest[1..];
        return b;
    }

    public int Int()
    {
        Need(4);
        int v = BinaryPrimitives.ReadInt32LittleEndian(_rest);
        _rest = _rest[4..];
        return v;
    }

    public long Long()
    {
        Need(8);
        long v = BinaryPrimitives.ReadInt64LittleEndian(_rest);
        _rest = _rest[8..];
        return v;
    }

    public ReadOnlySpan<byte> Bytes()
    {
        int length = Int();
        Need(length);
        ReadOnlySpan<byte> v = _rest[..length];
        _rest = _rest[length..];
        return v;
    }

    public string String() => Encoding.UTF8.GetString(Bytes());

    public string[] Strings()
    {
        int count = Int();
        if (count < 0 || count > _rest.Length)
        {
            throw new InvalidDataException("A message's list of names was cut short.");
        }
        var values = new string[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = String();
        }
        return values;
    }

    private readonly void Need(int count)
    {
        if (count < 0 || _rest.Length < count)
        {
            throw new InvalidDataException("A message between processes was cut short.");
        }
    }
}

/// <summary>Reads whole frames from a stream into a reusable buffer.</summary>
internal sealed class FrameInput(Stream stream)
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>Bytes already read from the stream and not yet returned as frames.</summary>
    public bool HasBuffered => _end - _start >= 4 && _end - _start >= 4 + PeekLength();

    /// <summary>The next frame's kind and payload, or null at the end of the stream.</summary>
    public async ValueTask<(FrameKind Kind, ReadOnlyMemory<byte> Payload)?> ReadAsync(CancellationToken ct = default)
    {
        if (!await FillAsync(4, ct).ConfigureAwait(false))
        {
            return null;
        }
        int length = PeekLength();
        if (length < 1)
        {
            throw new InvalidDataException($"A pool message has an impossible length ({length}).");
        }
        if (!await FillAsync(4 + length, ct).ConfigureAwait(false))
        {
            throw new EndOfStreamException("The connection closed in the middle of a pool message.");
        }
        var kind = (FrameKind)_buffer[_start + 4];
        var payload = new ReadOnlyMemory<byte>(_buffer, _start + 5, length - 1);
        _start += 4 + length;
        return (kind, payload);
    }

    private int PeekLength() => BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_start, 4));

    private async ValueTask<bool> FillAsync(int count, CancellationToken ct)
    {
        if (_end - _start >= count)
        {
            return true;
        }
        if (_buffer.Length - _start < count)
        {
            // Compact, or grow for a frame bigger than the buffer. The payload returned before
            // this call has been consumed by then: frames are handled one at a time.
            byte[] target = count > _buffer.Length ? new byte[Math.Max(count, _buffer.Length * 2)] : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, _end - _start);
            _end -= _start;
            _start = 0;
            _buffer = target;
        }
        while (_end - _start < count)
        {
            int read = await stream.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }
            _end += read;
        }
        return true;
    }
}
