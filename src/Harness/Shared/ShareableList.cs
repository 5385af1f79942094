using System.Buffers.Binary;
using System.Collections;
using System.Text;

namespace Harness;

/// <summary>
/// A fixed-length list in a named <see cref="SharedMemory"/> block, like Python's
/// <c>multiprocessing.shared_memory.ShareableList</c>, laid out byte for byte as Python lays
/// it out: a Python program opens it with <c>ShareableList(name=...)</c> and sees the same
/// items, and this opens Python's. Items are int (stored as 64 bits), float (double), bool,
/// str, bytes and None; an item's slot keeps the size it was created with, so a str or bytes
/// later stored there must fit it.
/// </summary>
/// <remarks>
/// Layout (native little-endian, 8-byte aligned): the item count; the offsets of the N items and
/// the end of the data; the data; an 8-byte <c>struct</c> format per item ("q", "d",
/// "xxxxxxx?", "xxxxxx?x" for None, "16s"); a back-transform code per item (0 number or bool,
/// 1 str, 2 bytes, 3 None). As in Python, a str or bytes loses trailing NUL bytes when read,
/// and nothing is locked: guard concurrent writers with a lock.
/// </remarks>
public sealed class ShareableList : IReadOnlyList<object?>, IDisposable
{
    private const int Alignment = 8;
    private readonly int _count;
    private readonly long[] _offsets;

    private ShareableList(SharedMemory shm)
    {
        Shm = shm;
        Span<byte> b = shm.AsSpan();
        if (b.Length < 16)
        {
            throw new InvalidOperationException($"The shared memory '{shm.Name}' is too small to hold a ShareableList.");
        }
        long count = BinaryPrimitives.ReadInt64LittleEndian(b);
        if (count < 0 || (count + 2) * 8 > b.Length)
        {
            throw new InvalidOperationException($"The shared memory '{shm.Name}' does not hold a ShareableList (it declares {count} items).");
        }
        _count = (int)count;
        _offsets = new long[_count + 1];
        for (int i = 0; i <= _count; i++)
        {
            _offsets[i] = BinaryPrimitives.ReadInt64LittleEndian(b[((i + 1) * 8)..]);
        }
        if (BackTransformsAt + _count > b.Length)
        {
            throw new InvalidOperationException($"The shared memory '{shm.Name}' does not hold a ShareableList (its offsets pass its end).");
        }
    }

    /// <summary>The block the list lives in (Python's <c>shm</c>); its name opens the list elsewhere.</summary>
    public SharedMemory Shm { get; }

    /// <summary>The number of items, fixed at creation (Python's <c>len()</c>).</summary>
    public int Count => _count;

    /// <summary>The <c>struct</c> formats of the items, joined (Python's <c>format</c>), e.g. "qd16sxxxxxxx?".</summary>
    public string Format => string.Concat(Enumerable.Range(0, _count).Select(FormatOf));

    private int DataStart => (_count + 2) * 8;

    private long FormatsAt => DataStart + _offsets[_count];

    private long BackTransformsAt => FormatsAt + (_count * 8L);

    /// <summary>
    /// Creates a list holding <paramref name="items"/> in a new block, like
    /// <c>ShareableList(sequence, name=name)</c>.
    /// </summary>
    /// <param name="items">int, long (and the other integer types up to 64 bits), double, float, bool, string, byte[] or null.</param>
    /// <param name="name">The block's name; null makes one up (see <see cref="SharedMemory.Create"/>).</param>
    /// <exception cref="ArgumentException">An item is of another type, or a str or bytes is too long for an 8-character format (10 MB).</exception>
    public static ShareableList Create(IEnumerable<object?> items, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        object?[] values = [.. items.Select(Normalize)];
        string[] formats = new string[values.Length];
        long[] offsets = new long[values.Length + 1];
        for (int i = 0; i < values.Length; i++)
        {
            formats[i] = FormatFor(values[i], i);
            offsets[i + 1] = offsets[i] + (formats[i][^1] == 's' ? long.Parse(formats[i][..^1], System.Globalization.CultureInfo.InvariantCulture) : Alignment);
        }
        long size = ((values.Length + 2) * 8L) + offsets[^1] + (values.Length * 9L);
        SharedMemory shm = SharedMemory.Create(size, name);
        try
        {
            Span<byte> b = shm.AsSpan();
            BinaryPrimitives.WriteInt64LittleEndian(b, values.Length);
            for (int i = 0; i <= values.Length; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(b[((i + 1) * 8)..], offsets[i]);
            }
            var list = new ShareableList(shm);
            for (int i = 0; i < values.Length; i++)
            {
                list.Store(i, formats[i], values[i]);
            }
            return list;
        }
        catch
        {
            shm.Unlink();
            shm.Close();
            throw;
        }
    }

    /// <summary>Opens the list another process (a .NET or a Python one) created, like <c>ShareableList(name=name)</c>.</summary>
    /// <exception cref="FileNotFoundException">No block has that name.</exception>
    /// <exception cref="InvalidOperationException">The block does not hold a ShareableList.</exception>
    public static ShareableList Open(string name)
    {
        SharedMemory shm = SharedMemory.Open(name);
        try
        {
            return new ShareableList(shm);
        }
        catch
        {
            shm.Close();
            throw;
        }
    }

    /// <summary>
    /// The item at <paramref name="index"/>; a negative index counts from the end, as in Python.
    /// Setting stores a new value of any allowed type in the item's slot.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range (Python's IndexError).</exception>
    /// <exception cref="ArgumentException">A str or bytes is longer than the slot it goes into (Python's ValueError), or the value's type can't be stored.</exception>
    public object? this[int index]
    {
        get
        {
            int i = Position(index);
            string format = FormatOf(i);
            ReadOnlySpan<byte> data = Shm.AsSpan()[(int)(DataStart + _offsets[i])..];
            byte code = Shm.AsSpan()[(int)(BackTransformsAt + i)];
            return format switch
            {
                "q" => Smallest(BinaryPrimitives.ReadInt64LittleEndian(data)),
                "d" => BinaryPrimitives.ReadDoubleLittleEndian(data),
                "xxxxxxx?" => data[7] != 0,
                "xxxxxx?x" => null,
                _ when format.EndsWith('s') => ReadBytes(data[..ParseLength(format, i)], code),
                _ => throw new InvalidOperationException($"Item {i} has the format '{format}', which a ShareableList never writes."),
            };
        }
        set
        {
            int i = Position(index);
            object? v = Normalize(value);
            string format;
            if (v is string or byte[])
            {
                long room = _offsets[i + 1] - _offsets[i];
                int length = v is string s ? Encoding.UTF8.GetByteCount(s) : ((byte[])v).Length;
                if (length > room)
                {
                    throw new ArgumentException($"A {(v is string ? "str" : "bytes")} of {length} bytes doesn't fit item {i}'s slot of {room} bytes (Python: bytes/str item exceeds available storage).", nameof(value));
                }
                string current = FormatOf(i);
                format = current.EndsWith('s') ? current : $"{room}s";
            }
            else
            {
                format = FormatFor(v, i);
            }
            Store(i, format, v);
        }
    }

    /// <summary>How many items equal <paramref name="value"/> (Python's <c>count()</c>; numbers compare by value, 1 == 1.0 == True).</summary>
    public int CountOf(object? value) => this.Count(item => PythonEquals(item, value));

    /// <summary>The position of the first item equal to <paramref name="value"/>, or -1 when there is none (Python's <c>index()</c>, which raises instead).</summary>
    public int IndexOf(object? value)
    {
        for (int i = 0; i < _count; i++)
        {
            if (PythonEquals(this[i], value))
            {
                return i;
            }
        }
        return -1;
    }

    /// <inheritdoc />
    public IEnumerator<object?> GetEnumerator()
    {
        for (int i = 0; i < _count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Closes the block in this process (<see cref="SharedMemory.Close"/>); unlinking it is <c>Shm.Unlink()</c>, as in Python.</summary>
    public void Dispose() => Shm.Close();

    /// <inheritdoc />
    public override string ToString() => $"ShareableList([{string.Join(", ", this.Select(Repr))}], name='{Shm.Name}')";

    private void Store(int i, string format, object? value)
    {
        Span<byte> b = Shm.AsSpan();
        Span<byte> slot = b[(int)(DataStart + _offsets[i])..];
        Span<byte> formatSlot = b.Slice((int)(FormatsAt + (i * 8L)), 8);
        formatSlot.Clear();
        Encoding.ASCII.GetBytes(format, formatSlot);
        b[(int)(BackTransformsAt + i)] = value switch { string => 1, byte[] => 2, null => 3, _ => 0 };
        switch (value)
        {
            case long l:
                BinaryPrimitives.WriteInt64LittleEndian(slot, l);
                break;
            case double d:
                BinaryPrimitives.WriteDoubleLittleEndian(slot, d);
                break;
            case bool flag:
                slot[..8].Clear();
                slot[7] = flag ? (byte)1 : (byte)0;
                break;
            case null:
                slot[..8].Clear(); // Python packs None as a false bool at byte 6
                break;
            case string s:
            {
                Span<byte> room = slot[..ParseLength(format, i)];
                room.Clear();
                Encoding.UTF8.GetBytes(s, room);
                break;
            }
            case byte[] bytes:
            {
                Span<byte> room = slot[..ParseLength(format, i)];
                room.Clear();
                bytes.CopyTo(room);
                break;
            }
        }
    }

    private static object ReadBytes(ReadOnlySpan<byte> raw, byte code)
    {
        int end = raw.LastIndexOfAnyExcept((byte)0) + 1; // Python strips trailing NULs
        return code == 1 ? Encoding.UTF8.GetString(raw[..end]) : raw[..end].ToArray();
    }

    private string FormatOf(int i)
    {
        ReadOnlySpan<byte> raw = Shm.AsSpan().Slice((int)(FormatsAt + (i * 8L)), 8);
        int end = raw.LastIndexOfAnyExcept((byte)0) + 1;
        return Encoding.ASCII.GetString(raw[..end]);
    }

    private int ParseLength(string format, int i)
    {
        long length = long.Parse(format[..^1], System.Globalization.CultureInfo.InvariantCulture);
        long room = _offsets[i + 1] - _offsets[i];
        return length >= 0 && length <= room ? (int)length : throw new InvalidOperationException($"Item {i}'s format '{format}' passes its slot of {room} bytes.");
    }

    private int Position(int index)
    {
        int i = index < 0 ? index + _count : index;
        if (i < 0 || i >= _count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The ShareableList has {_count} items.");
        }
        return i;
    }

    /// <summary>The stored form of a value: 64-bit integers, doubles, and the rest as they are.</summary>
    private static object? Normalize(object? value) => value switch
    {
        null or string or byte[] or bool or long or double => value,
        int or short or sbyte or byte or ushort or uint => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        ulong u when u <= long.MaxValue => (long)u,
        float f => (double)f,
        _ => throw new ArgumentException($"A ShareableList holds int, float, bool, str, bytes and None; a {value.GetType().Name} (or an integer beyond 64 bits) can't be stored.", nameof(value)),
    };

    /// <summary>Python's format for a value; a str or bytes gets a slot rounded up to the next multiple of 8 bytes, with room to spare as Python leaves it.</summary>
    private static string FormatFor(object? value, int i) => value switch
    {
        long => "q",
        double => "d",
        bool => "xxxxxxx?",
        null => "xxxxxx?x",
        _ => SizedFormat(value is string s ? Encoding.UTF8.GetByteCount(s) : ((byte[])value).Length, i),
    };

    private static string SizedFormat(int length, int i)
    {
        string format = $"{Alignment * ((length / Alignment) + 1)}s";
        return format.Length <= 8 ? format : throw new ArgumentException($"Item {i} is too long for a ShareableList: its format '{format}' passes Python's 8 characters.");
    }

    /// <summary>An int when it fits, as loaded ints are everywhere in the harness.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "It boxes an int or a long by design: the caller sees the smallest type.")]
    private static object Smallest(long v)
    {
        if (v is >= int.MinValue and <= int.MaxValue)
        {
            return (int)v;
        }
        return v;
    }

    private static bool PythonEquals(object? a, object? b)
    {
        static double? Number(object? x) => x switch
        {
            int i => i,
            long l => l,
            double d => d,
            bool flag => flag ? 1 : 0,
            _ => null,
        };
        if (Number(a) is { } x && Number(b is float f ? (double)f : b is short or byte or sbyte or ushort or uint ? Convert.ToInt64(b, System.Globalization.CultureInfo.InvariantCulture) : b) is { } y)
        {
            return x == y; // NaN equals nothing, as in Python
        }
        return a switch
        {
            null => b is null,
            string s => b is string t && string.Equals(s, t, StringComparison.Ordinal),
            byte[] bytes => b is byte[] other && bytes.AsSpan().SequenceEqual(other),
            _ => false,
        };
    }

    private static string Repr(object? v) => v switch
    {
        null => "None",
        bool flag => flag ? "True" : "False",
        string s => $"'{s}'",
        byte[] bytes => $"b'{Encoding.Latin1.GetString(bytes)}'",
        double d => Persistence.PickleText.FloatRepr(d),
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!,
    };
}
