using System.Buffers.Binary;
using System.Collections;
using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Harness.Persistence;

/// <summary>
/// Writes a .NET value as a pickle of plain data in one pass, choosing opcodes as CPython's
/// pickler does for each protocol (0 to 5): records and classes as dicts of their public
/// properties, other collections as lists, <c>object?[]</c> and value tuples as tuples,
/// <c>byte[]</c> as bytes. Every str, bytes and container is memoized as CPython memoizes it
/// (a list or dict before its items), so an object held twice is written once and a list that
/// holds itself is written as Python writes one. Protocols 4 and 5 are framed. What can't be
/// written as plain data is refused before the caller sees a byte, naming where it sits.
/// </summary>
internal sealed class PickleWriter
{
    /// <summary>Containers nested deeper than this are refused, as the reader refuses them.</summary>
    public const int MaxDepth = PickleReader.MaxDepth;

    private const int FrameTarget = 64 * 1024;
    private const int FrameHeader = 9;
    private const int BatchSize = 1000;

    [ThreadStatic]
    private static PickleWriter? t_spare;

    /// <summary>Stands for the global <c>_codecs.encode</c> in the memo (protocols 0 to 2 write bytes through it).</summary>
    private static readonly object s_codecsEncode = new();

    /// <summary>Stands for the global <c>bytes</c> in the memo (protocols 0 to 2 write b'' through it).</summary>
    private static readonly object s_bytesGlobal = new();

    private readonly IdentityMap<int> _memo = new();
    private byte[] _buffer = new byte[256];
    private int _length;
    private int _protocol;
    private int _frameStart = -1;
    private int _memoCount;

    /// <summary>The stack of the thread a deep graph is written on, when the caller's runs short: 1000 levels fit many times over.</summary>
    private const int DeepStackBytes = 64 << 20;

    public static byte[] Write(object? value, int protocol)
    {
        try
        {
            return WriteHere(value, protocol);
        }
        catch (StackTooSmall)
        {
            // A deep graph on a thread with a small stack (a pool thread, a test runner's): the
            // write has no effect until it returns, so it is done again on a thread of its own.
            byte[]? result = null;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo? error = null;
            var deep = new Thread(() =>
            {
                try
                {
                    result = WriteHere(value, protocol);
                }
#pragma warning disable CA1031 // Rethrown on the caller's thread just below.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
                }
            }, DeepStackBytes)
            {
                Name = DeepThreadName,
            };
            deep.Start();
            deep.Join();
            error?.Throw();
            return result!;
        }
    }

    private static byte[] WriteHere(object? value, int protocol)
    {
        PickleWriter w = t_spare ?? new PickleWriter();
        t_spare = null;
        try
        {
            return w.Run(value, protocol);
        }
        catch (Problem p)
        {
            throw new PickleException($"Can't pickle the value{string.Concat(Enumerable.Reverse(p.Where))}: {p.Message}.", p.InnerException ?? p);
        }
        finally
        {
            w._memo.Clear();
            if (w._buffer.Length > 1 << 20)
            {
                w._buffer = new byte[256]; // don't keep a huge pickle's buffer alive for small ones
            }
            t_spare = w;
        }
    }

    private byte[] Run(object? value, int protocol)
    {
        _protocol = protocol;
        _length = 0;
        _memoCount = 0;
        _frameStart = -1;
        if (protocol >= 2)
        {
            Byte(Opcodes.Proto);
            Byte((byte)protocol);
        }
        StartFrame();
        Save(value, 0);
        Byte(Opcodes.Stop);
        EndFrame();
        return _buffer.AsSpan(0, _length).ToArray();
    }

    // --- framing (protocol 4+): a FRAME header is reserved and filled in, or dropped when the frame is tiny ---

    private void StartFrame()
    {
        if (_protocol >= 4)
        {
            _frameStart = _length;
            Reserve(FrameHeader);
            _length += FrameHeader;
        }
    }

    private void EndFrame()
    {
        if (_frameStart < 0)
        {
            return;
        }
        int payload = _length - _frameStart - FrameHeader;
        if (payload >= 4)
        {
            _buffer[_frameStart] = Opcodes.Frame;
            BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_frameStart + 1), payload);
        }
        else
        {
            // CPython writes no FRAME for fewer than 4 bytes: close the gap.
            _buffer.AsSpan(_frameStart + FrameHeader, payload).CopyTo(_buffer.AsSpan(_frameStart));
            _length -= FrameHeader;
        }
        _frameStart = -1;
    }

    /// <summary>At each object's start, as CPython does: a frame that reached its target size is closed and a new one begun.</summary>
    private void OpcodeBoundary()
    {
        if (_frameStart >= 0 && _length - _frameStart - FrameHeader >= FrameTarget)
        {
            EndFrame();
            StartFrame();
        }
    }

    /// <summary>A header and a large payload, written outside any frame (CPython's write_large_bytes), so a reader can take the payload without copying it.</summary>
    private void LargeBytes(ReadOnlySpan<byte> header, int payloadLength, Action<Span<byte>> payload)
    {
        bool framed = _frameStart >= 0 && payloadLength >= FrameTarget;
        if (framed)
        {
            EndFrame();
        }
        Bytes(header);
        Reserve(payloadLength);
        payload(_buffer.AsSpan(_length, payloadLength));
        _length += payloadLength;
        if (framed)
        {
            StartFrame();
        }
    }

    // --- the value ---

    private void Save(object? value, int depth)
    {
        OpcodeBoundary();
        switch (value)
        {
            case string s: // the commonest first: each case is a type test
                SaveString(s);
                return;
            case int i:
                SaveInt(i);
                return;
            case null:
                Byte(Opcodes.None);
                return;
            case double d:
                SaveFloat(d);
                return;
            case long l:
                SaveLong(l);
                return;
            case bool b:
                SaveBool(b);
                return;
            case byte or sbyte or short or ushort or uint:
                SaveLong(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                return;
            case float f:
                SaveFloat(f);
                return;
            case char c:
                SaveString(c.ToString());
                return;
            case ulong u:
                SaveBig(u);
                return;
            case BigInteger big:
                SaveBig(big);
                return;
            case Enum e:
                SaveString(e.ToString()); // by name, which Load<T> parses back
                return;
            case byte[] bytes:
                SaveBytes(bytes);
                return;
        }
        if (_memo.TryGetValue(value, out int index))
        {
            Get(index);
            return;
        }
        if (depth >= MaxDepth)
        {
            throw new Problem($"containers nest more than {MaxDepth} levels deep");
        }
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            if (Thread.CurrentThread.Name == DeepThreadName)
            {
                throw new Problem("containers nest too deep for the stack even of a thread made for it");
            }
            throw new StackTooSmall();
        }
        SaveContainer(value, value.GetType(), depth + 1);
    }

    private void SaveContainer(object value, Type type, int depth)
    {
        switch (value)
        {
            case object?[] tuple when type == typeof(object[]):
                SaveTuple(value, tuple.Length, tuple, null, depth);
                return;
            case Dictionary<object, object?> plain:
                SaveDict(plain, plain.Count, depth);
                return;
            case IDictionary dict:
                SaveDict(dict, dict.Count, depth);
                return;
            case List<object?> list:
                SavePlainList(list, depth);
                return;
            case ITuple t:
                SaveTuple(value, t.Length, null, t, depth);
                return;
            case IEnumerable seq when Refusal(type) is null:
                SaveList(value, seq, depth);
                return;
        }
        if (Refusal(type) is { } why)
        {
            throw new Problem($"a {type.Name} {why}");
        }
        SaveObject(value, type, depth);
    }

    private void SaveString(string s)
    {
        if (_memo.TryGetValue(s, out int index))
        {
            Get(index);
            return;
        }
        if (_protocol == 0)
        {
            var text = new List<byte>(s.Length + 2) { Opcodes.Unicode };
            PickleText.WriteRawUnicodeEscape(s, text);
            text.Add((byte)'\n');
            Bytes(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(text));
        }
        else if (_protocol >= 4 && s.Length < 86 && !s.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            // The common case in one pass: a short string without surrogates encodes straight into
            // the buffer (3 bytes a char at most, so under 256), and its length byte follows.
            Reserve(2 + (s.Length * 3));
            int n = Encoding.UTF8.GetBytes(s, _buffer.AsSpan(_length + 2));
            _buffer[_length] = Opcodes.ShortBinUnicode;
            _buffer[_length + 1] = (byte)n;
            _length += 2 + n;
        }
        else
        {
            int n = PickleText.Utf8Length(s);
            if (n < 256 && _protocol >= 4)
            {
                Reserve(2 + n);
                _buffer[_length] = Opcodes.ShortBinUnicode;
                _buffer[_length + 1] = (byte)n;
                PickleText.EncodeUtf8(s, _buffer.AsSpan(_length + 2, n));
                _length += 2 + n;
            }
            else
            {
                Span<byte> header = [Opcodes.BinUnicode, 0, 0, 0, 0];
                BinaryPrimitives.WriteInt32LittleEndian(header[1..], n);
                LargeBytes(header, n, into => PickleText.EncodeUtf8(s, into));
            }
        }
        Memoize(s);
    }

    private void SaveBytes(byte[] bytes)
    {
        if (_memo.TryGetValue(bytes, out int index))
        {
            Get(index);
            return;
        }
        if (_protocol < 3)
        {
            // Python 2 had no bytes type: CPython writes bytes(), or _codecs.encode(latin-1 text, 'latin1').
            if (bytes.Length == 0)
            {
                SaveGlobal(s_bytesGlobal, "__builtin__", "bytes");
                Byte(_protocol == 0 ? Opcodes.Mark : Opcodes.EmptyTuple);
                if (_protocol == 0)
                {
                    Byte(Opcodes.Tuple);
                }
            }
            else
            {
                SaveGlobal(s_codecsEncode, "_codecs", "encode");
                if (_protocol < 2)
                {
                    Byte(Opcodes.Mark);
                }
                SaveString(Encoding.Latin1.GetString(bytes));
                SaveString("latin1");
                Byte(_protocol < 2 ? Opcodes.Tuple : Opcodes.Tuple2);
                MemoizeNew(); // the args tuple, as CPython memoizes it
            }
            Byte(Opcodes.Reduce);
        }
        else if (bytes.Length < 256)
        {
            Reserve(2 + bytes.Length);
            _buffer[_length] = Opcodes.ShortBinBytes;
            _buffer[_length + 1] = (byte)bytes.Length;
            bytes.CopyTo(_buffer, _length + 2);
            _length += 2 + bytes.Length;
        }
        else
        {
            Span<byte> header = [Opcodes.BinBytes, 0, 0, 0, 0];
            BinaryPrimitives.WriteInt32LittleEndian(header[1..], bytes.Length);
            LargeBytes(header, bytes.Length, into => bytes.CopyTo(into));
        }
        Memoize(bytes);
    }

    private void SaveGlobal(object key, string module, string name)
    {
        if (_memo.TryGetValue(key, out int index))
        {
            Get(index);
            return;
        }
        Bytes(Encoding.ASCII.GetBytes($"c{module}\n{name}\n"));
        Memoize(key);
    }

    private void SaveInt(int i)
    {
        if (_protocol == 0)
        {
            Bytes(Encoding.ASCII.GetBytes($"I{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n"));
        }
        else if (i is >= 0 and <= 0xFF)
        {
            Reserve(2);
            _buffer[_length] = Opcodes.BinInt1;
            _buffer[_length + 1] = (byte)i;
            _length += 2;
        }
        else if (i is >= 0 and <= 0xFFFF)
        {
            Reserve(3);
            _buffer[_length] = Opcodes.BinInt2;
            BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_length + 1), (ushort)i);
            _length += 3;
        }
        else
        {
            Reserve(5);
            _buffer[_length] = Opcodes.BinInt;
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length + 1), i);
            _length += 5;
        }
    }

    private void SaveLong(long l)
    {
        if (l is >= int.MinValue and <= int.MaxValue)
        {
            SaveInt((int)l);
        }
        else
        {
            SaveBig(l);
        }
    }

    /// <summary>An integer beyond 32 bits: LONG1/LONG4 (little-endian two's complement) from protocol 2, LONG text before.</summary>
    private void SaveBig(BigInteger big)
    {
        if (big >= int.MinValue && big <= int.MaxValue)
        {
            SaveInt((int)big);
            return;
        }
        if (_protocol < 2)
        {
            Bytes(Encoding.ASCII.GetBytes($"L{big.ToString(System.Globalization.CultureInfo.InvariantCulture)}L\n"));
            return;
        }
        byte[] data = big.ToByteArray();
        if (data.Length < 256)
        {
            Byte(Opcodes.Long1);
            Byte((byte)data.Length);
        }
        else
        {
            Byte(Opcodes.Long4);
            Span<byte> n = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(n, data.Length);
            Bytes(n);
        }
        Bytes(data);
    }

    private void SaveFloat(double d)
    {
        if (_protocol == 0)
        {
            Bytes(Encoding.ASCII.GetBytes($"F{PickleText.FloatRepr(d)}\n"));
            return;
        }
        Reserve(9);
        _buffer[_length] = Opcodes.BinFloat;
        BinaryPrimitives.WriteDoubleBigEndian(_buffer.AsSpan(_length + 1), d);
        _length += 9;
    }

    private void SaveBool(bool b)
    {
        if (_protocol >= 2)
        {
            Byte(b ? Opcodes.NewTrue : Opcodes.NewFalse);
        }
        else
        {
            Bytes(b ? "I01\n"u8 : "I00\n"u8);
        }
    }

    /// <summary>A tuple: its items first, then the tuple, memoized after; one that was reached again through its items is fetched back from the memo, as CPython does.</summary>
    private void SaveTuple(object key, int count, object?[]? items, ITuple? tuple, int depth)
    {
        if (count == 0)
        {
            if (_protocol == 0)
            {
                Byte(Opcodes.Mark);
                Byte(Opcodes.Tuple);
            }
            else
            {
                Byte(Opcodes.EmptyTuple);
            }
            return;
        }
        bool small = count <= 3 && _protocol >= 2;
        if (!small)
        {
            Byte(Opcodes.Mark);
        }
        for (int i = 0; i < count; i++)
        {
            At(i, items is not null ? items[i] : tuple![i], depth);
        }
        if (_memo.TryGetValue(key, out int index))
        {
            // It holds itself through a list or dict: drop what was pushed and fetch the one built inside.
            if (small)
            {
                for (int i = 0; i < count; i++)
                {
                    Byte(Opcodes.Pop);
                }
            }
            else if (_protocol >= 1)
            {
                Byte(Opcodes.PopMark);
            }
            else
            {
                for (int i = 0; i <= count; i++)
                {
                    Byte(Opcodes.Pop);
                }
            }
            Get(index);
            return;
        }
        Byte(small ? (byte)(Opcodes.Tuple1 + count - 1) : Opcodes.Tuple);
        Memoize(key);
    }

    // Indexed, not enumerated: IEnumerable's enumerator would be boxed for every list.
    private void SavePlainList(List<object?> list, int depth)
    {
        StartList(list);
        for (int start = 0; start < list.Count; start += BatchSize)
        {
            int end = Math.Min(list.Count, start + BatchSize);
            bool batch = _protocol >= 1 && end - start > 1;
            if (batch)
            {
                Byte(Opcodes.Mark);
            }
            for (int i = start; i < end; i++)
            {
                At(i, list[i], depth);
                if (!batch)
                {
                    Byte(Opcodes.Append);
                }
            }
            if (batch)
            {
                Byte(Opcodes.Appends);
            }
        }
    }

    private void SaveList(object key, IEnumerable seq, int depth)
    {
        // A general sequence is listed first, so batches are known; its items may be computed once only.
        var items = new List<object?>();
        foreach (object? item in seq)
        {
            items.Add(item);
        }
        StartList(key);
        for (int start = 0; start < items.Count; start += BatchSize)
        {
            int end = Math.Min(items.Count, start + BatchSize);
            bool batch = _protocol >= 1 && end - start > 1;
            if (batch)
            {
                Byte(Opcodes.Mark);
            }
            for (int i = start; i < end; i++)
            {
                At(i, items[i], depth);
                if (!batch)
                {
                    Byte(Opcodes.Append);
                }
            }
            if (batch)
            {
                Byte(Opcodes.Appends);
            }
        }
    }

    private void StartList(object key)
    {
        if (_protocol == 0)
        {
            Byte(Opcodes.Mark);
            Byte(Opcodes.List);
        }
        else
        {
            Byte(Opcodes.EmptyList);
        }
        Memoize(key); // before the items, so a list that holds itself finds itself
    }

    private void StartDict(object key)
    {
        if (_protocol == 0)
        {
            Byte(Opcodes.Mark);
            Byte(Opcodes.Dict);
        }
        else
        {
            Byte(Opcodes.EmptyDict);
        }
        Memoize(key);
    }

    // The common case, enumerated with Dictionary's own struct enumerator (the IDictionary one boxes).
    private void SaveDict(Dictionary<object, object?> dict, int count, int depth)
    {
        StartDict(dict);
        int i = 0;
        bool batch = false;
        foreach (var (key, value) in dict)
        {
            batch = BeginPair(i++, count, batch);
            SaveKey(key, depth);
            AtKey(key, value, depth);
            EndPair(i, count, batch);
        }
    }

    private void SaveDict(IDictionary dict, int count, int depth)
    {
        StartDict(dict);
        int i = 0;
        bool batch = false;
        foreach (DictionaryEntry e in dict)
        {
            batch = BeginPair(i++, count, batch);
            SaveKey(e.Key, depth);
            AtKey(e.Key, e.Value, depth);
            EndPair(i, count, batch);
        }
    }

    /// <summary>CPython's batching: SETITEMS for each run of up to 1000 pairs, SETITEM for a run of one; protocol 0 SETITEM each.</summary>
    private bool BeginPair(int index, int count, bool batch)
    {
        if (_protocol >= 1 && index % BatchSize == 0)
        {
            batch = Math.Min(BatchSize, count - index) > 1;
            if (batch)
            {
                Byte(Opcodes.Mark);
            }
        }
        return batch;
    }

    private void EndPair(int done, int count, bool batch)
    {
        if (!batch)
        {
            Byte(Opcodes.SetItem);
        }
        else if (done % BatchSize == 0 || done == count)
        {
            Byte(Opcodes.SetItems);
        }
    }

    private void SaveKey(object key, int depth)
    {
        if (!Hashable(key, 0))
        {
            throw new Problem($"the key {Describe(key)} is a {key.GetType().Name}, and a Python dict key must be hashable (str, int, float, bool, bytes or a tuple of those)");
        }
        try
        {
            Save(key, depth);
        }
        catch (Problem p)
        {
            p.Where.Add($" (the key {Describe(key)})");
            throw;
        }
    }

    /// <summary>What Python can hash once loaded: no list, dict or record (written as a dict) anywhere in the key.</summary>
    private static bool Hashable(object key, int depth) => key switch
    {
        string or int or long or double or bool or byte[] or char or Enum or BigInteger or float
            or byte or sbyte or short or ushort or uint or ulong => true,
        object?[] t when t.GetType() == typeof(object[]) => depth < MaxDepth && t.All(i => i is null || Hashable(i, depth + 1)),
        ITuple t => depth < MaxDepth && Enumerable.Range(0, t.Length).All(i => t[i] is null || Hashable(t[i]!, depth + 1)),
        _ => false,
    };

    private void SaveObject(object value, Type type, int depth)
    {
        PropertyInfo[] properties = TypeShape.Readable(type);
        if (properties.Length == 0)
        {
            throw new Problem($"a {type.Name} has no public properties to write; give it public properties (a record is simplest)");
        }
        StartDict(value);
        bool batch = false;
        for (int i = 0; i < properties.Length; i++)
        {
            PropertyInfo p = properties[i];
            object? item;
            try
            {
                item = p.GetValue(value);
            }
            catch (TargetInvocationException e) when (e.InnerException is { } inner)
            {
                throw new Problem($"reading {type.Name}.{p.Name} threw {inner.GetType().Name}: {inner.Message}", inner);
            }
            batch = BeginPair(i, properties.Length, batch);
            SaveString(p.Name);
            try
            {
                Save(item, depth);
            }
            catch (Problem problem)
            {
                problem.Where.Add($".{p.Name}");
                throw;
            }
            EndPair(i + 1, properties.Length, batch);
        }
    }

    // Where an item sits is worked out only when it fails: building "[3]" or "['key']" for
    // every item would cost more than writing it.
    private void At(int index, object? item, int depth)
    {
        try
        {
            Save(item, depth);
        }
        catch (Problem p)
        {
            p.Where.Add($"[{index}]");
            throw;
        }
    }

    private void AtKey(object key, object? item, int depth)
    {
        try
        {
            Save(item, depth);
        }
        catch (Problem p)
        {
            p.Where.Add($"[{Describe(key)}]");
            throw;
        }
    }

    // --- the memo ---

    private void Memoize(object key)
    {
        _memo.Set(key, _memoCount);
        MemoizeNew();
    }

    /// <summary>Writes the memo store for the object on top of the stack (memo slot <see cref="_memoCount"/>).</summary>
    private void MemoizeNew()
    {
        int index = _memoCount++;
        if (_protocol >= 4)
        {
            Byte(Opcodes.Memoize);
        }
        else if (_protocol == 0)
        {
            Bytes(Encoding.ASCII.GetBytes($"p{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n"));
        }
        else if (index < 256)
        {
            Byte(Opcodes.BinPut);
            Byte((byte)index);
        }
        else
        {
            Byte(Opcodes.LongBinPut);
            Span<byte> n = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(n, index);
            Bytes(n);
        }
    }

    private void Get(int index)
    {
        if (_protocol == 0)
        {
            Bytes(Encoding.ASCII.GetBytes($"g{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n"));
        }
        else if (index < 256)
        {
            Byte(Opcodes.BinGet);
            Byte((byte)index);
        }
        else
        {
            Byte(Opcodes.LongBinGet);
            Span<byte> n = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(n, index);
            Bytes(n);
        }
    }

    // --- the buffer ---

    private void Reserve(int more)
    {
        if (_length + more > _buffer.Length)
        {
            long size = Math.Max((long)_buffer.Length * 2, (long)_length + more);
            if (size > Array.MaxLength)
            {
                throw new Problem("the pickle would be larger than 2 GB, more than one byte array holds");
            }
            Array.Resize(ref _buffer, (int)size);
        }
    }

    private void Byte(byte b)
    {
        if (_length == _buffer.Length)
        {
            Reserve(1);
        }
        _buffer[_length++] = b;
    }

    private void Bytes(ReadOnlySpan<byte> data)
    {
        Reserve(data.Length);
        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }

    /// <summary>Why a type from the framework is not plain data, or null when it is a collection we can write.</summary>
    private static string? Refusal(Type type)
    {
        if (typeof(Delegate).IsAssignableFrom(type))
        {
            return "is code, not data";
        }
        if (type == typeof(decimal))
        {
            return "has no plain pickle form; store it as a double or as a string";
        }
        if (type.IsPointer || type == typeof(IntPtr) || type == typeof(UIntPtr))
        {
            return "is a native pointer, which means nothing once saved";
        }
        bool framework = type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true
            || type.Namespace?.StartsWith("Microsoft", StringComparison.Ordinal) == true;
        if (framework && !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return "is not plain data (only str, int, float, bool, bytes, None, lists, tuples, dicts and records are); store it as a string or a number";
        }
        return null;
    }

    private static string Describe(object key) => key is string s ? $"'{s}'" : key.ToString() ?? key.GetType().Name;

    private const string DeepThreadName = "Pickle deep write";

    /// <summary>The caller's stack is too small for the graph's depth: the write starts again on a thread with a large stack.</summary>
    private sealed class StackTooSmall : Exception;

    /// <summary>A problem found deep in the graph; each level it passes adds where it was.</summary>
    private sealed class Problem(string message, Exception? inner = null) : Exception(message, inner)
    {
        public List<string> Where { get; } = [];
    }
}
