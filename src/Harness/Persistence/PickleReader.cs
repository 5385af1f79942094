using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using static Harness.Persistence.Opcodes;

namespace Harness.Persistence;

/// <summary>
/// Loads a pickle of plain data (protocols 0 to 5) straight into the types of API.md, checking
/// every opcode's argument as CPython's C unpickler does: a MARK fences the stack, memo indexes
/// are never negative, declared lengths never pass the data's end, text is UTF-8 (with
/// surrogatepass, as CPython writes a lone surrogate). Any global other than the few that
/// Python uses to write bytes in old protocols is refused by name before anything is built, so
/// no object of a type the caller didn't ask for can come out.
/// </summary>
internal sealed class PickleReader
{
    /// <summary>Python's own pickler can't write deeper than its recursion limit (1000).</summary>
    public const int MaxDepth = 1000;

    /// <summary>Work allowed to hash and compare one dict key (a tuple counts its items, deeply).</summary>
    public const int MaxKeySize = 10_000;

    public const int HighestProtocol = 5;

    [ThreadStatic]
    private static PickleReader? t_spare;

    private static readonly object[] s_smallInts = [.. Enumerable.Range(-5, 262).Select(i => (object)i)];
    private static readonly object s_true = true;
    private static readonly object s_false = false;

    private object?[] _stack = new object?[16];
    private int _count;
    private int[] _marks = new int[8];
    private int _markCount;

    /// <summary>Where the items above the last MARK begin: nothing below it may be popped until POP_MARK.</summary>
    private int _fence;

    private readonly List<object?> _memo = [];
    private Dictionary<long, object?>? _sparseMemo;
    private int _containers;

    /// <summary>GLOBALs read: each must be called by REDUCE, never left as a value in the data.</summary>
    private int _globals;
    private byte[] _data = [];
    private int _pos;

    public static object? Read(byte[] data)
    {
        PickleReader r = t_spare ?? new PickleReader();
        t_spare = null;
        try
        {
            r._data = data;
            r._pos = 0;
            object? result = r.Run();
            if (r._containers > MaxDepth)
            {
                DepthCheck.Run(result); // fewer containers than the limit can't nest deeper than it
            }
            return result;
        }
        finally
        {
            r.Reset();
            t_spare = r;
        }
    }

    private void Reset()
    {
        Array.Clear(_stack, 0, _count);
        if (_stack.Length > 4096)
        {
            _stack = new object?[16];
        }
        _count = 0;
        _markCount = 0;
        _fence = 0;
        _memo.Clear();
        _sparseMemo = null;
        _containers = 0;
        _globals = 0;
        _data = [];
    }

    private object? Run()
    {
        byte[] d = _data;
        while (true)
        {
            if (_pos >= d.Length)
            {
                throw Truncated();
            }
            byte op = d[_pos++];
            switch (op)
            {
                case Proto:
                {
                    int version = Take(1)[0];
                    if (version > HighestProtocol)
                    {
                        throw new PickleException($"it uses pickle protocol {version}, newer than the highest this reads ({HighestProtocol})");
                    }
                    break;
                }
                case Frame:
                {
                    long size = BinaryPrimitives.ReadInt64LittleEndian(Take(8));
                    if (size < 0 || size > d.Length - _pos)
                    {
                        throw Truncated();
                    }
                    break;
                }
                case Stop:
                {
                    object? result = PopValue(op);
                    if (_globals > 0)
                    {
                        NoGlobalLeftIn(result); // only old protocols' bytes name globals: the walk is rare
                    }
                    return result;
                }
                case Mark:
                    PushMark();
                    break;
                case Pop:
                    if (_count > _fence)
                    {
                        _stack[--_count] = null;
                    }
                    else
                    {
                        PopMark(op); // CPython: POP right after a MARK discards the mark
                    }
                    break;
                case Opcodes.PopMark:
                    PopMark(op);
                    break;
                case Dup:
                    Push(Top(op));
                    break;
                case None:
                    Push(null);
                    break;
                case NewTrue:
                    Push(s_true);
                    break;
                case NewFalse:
                    Push(s_false);
                    break;
                case Int:
                {
                    ReadOnlySpan<byte> line = Line();
                    Push(line.SequenceEqual("01"u8) ? s_true : line.SequenceEqual("00"u8) ? s_false : Integer(ParseInt(line, "INT", allowPrefix: true)));
                    break;
                }
                case BinInt:
                    Push(Integer(BinaryPrimitives.ReadInt32LittleEndian(Take(4))));
                    break;
                case BinInt1:
                    Push(s_smallInts[Byte() + 5]);
                    break;
                case BinInt2:
                    Push(Integer(BinaryPrimitives.ReadUInt16LittleEndian(Take(2))));
                    break;
                case Long:
                {
                    ReadOnlySpan<byte> line = Line();
                    if (line.Length > 0 && line[^1] == 'L')
                    {
                        line = line[..^1];
                    }
                    Push(Integer(ParseInt(line, "LONG", allowPrefix: false)));
                    break;
                }
                case Long1:
                    Push(Integer(new BigInteger(Take(Take(1)[0]), isUnsigned: false, isBigEndian: false)));
                    break;
                case Long4:
                {
                    int n = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
                    if (n < 0)
                    {
                        throw new PickleException("a LONG4 has a negative byte count");
                    }
                    Push(Integer(new BigInteger(Take(n), isUnsigned: false, isBigEndian: false)));
                    break;
                }
                case Float:
                    Push(PickleText.ParseFloat(Line()));
                    break;
                case BinFloat:
                    Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8)));
                    break;
                case Opcodes.String:
                    Push(PickleText.DecodeQuotedString(Line()));
                    break;
                case BinString:
                    Push(PickleText.BytesAsAscii(Take(Length32(signed: true, op)), "BINSTRING"));
                    break;
                case ShortBinString:
                    Push(PickleText.BytesAsAscii(Take(Take(1)[0]), "SHORT_BINSTRING"));
                    break;
                case Unicode:
                    Push(PickleText.DecodeRawUnicodeEscape(Line()));
                    break;
                case ShortBinUnicode:
                    Push(PickleText.DecodeUtf8(Take(Byte())));
                    break;
                case BinUnicode:
                    Push(PickleText.DecodeUtf8(Take(Length32(signed: false, op))));
                    break;
                case BinUnicode8:
                    Push(PickleText.DecodeUtf8(Take(Length64(op))));
                    break;
                case ShortBinBytes:
                    Push(Take(Take(1)[0]).ToArray());
                    break;
                case BinBytes:
                    Push(Take(Length32(signed: false, op)).ToArray());
                    break;
                case BinBytes8:
                case ByteArray8:
                    Push(Take(Length64(op)).ToArray());
                    break;
                case EmptyTuple:
                    Push(Array.Empty<object?>());
                    break;
                case Opcodes.Tuple:
                {
                    int start = PopMarkStart(op);
                    object?[] tuple = _stack.AsSpan(start, _count - start).ToArray();
                    Truncate(start);
                    PopFence();
                    Push(Container(tuple));
                    break;
                }
                case Tuple1:
                case Tuple2:
                case Tuple3:
                {
                    int n = op - Tuple1 + 1;
                    if (_count - _fence < n)
                    {
                        throw Underflow(op);
                    }
                    object?[] tuple = _stack.AsSpan(_count - n, n).ToArray();
                    Truncate(_count - n);
                    Push(Container(tuple));
                    break;
                }
                case EmptyList:
                    Push(Container(new List<object?>()));
                    break;
                case Opcodes.List:
                {
                    int start = PopMarkStart(op);
                    var list = new List<object?>(_count - start);
                    list.AddRange(_stack.AsSpan(start, _count - start));
                    Truncate(start);
                    PopFence();
                    Push(Container(list));
                    break;
                }
                case Append:
                    AppendFrom(_count - 1, op);
                    break;
                case Appends:
                {
                    int start = PopMarkStart(op);
                    PopFence();
                    AppendFrom(start, op);
                    break;
                }
                case EmptyDict:
                    Push(Container(new Dictionary<object, object?>(PlainDataComparer.Instance)));
                    break;
                case Dict:
                {
                    int start = PopMarkStart(op);
                    PopFence();
                    var dict = new Dictionary<object, object?>((_count - start) / 2, PlainDataComparer.Instance);
                    FillDict(dict, start, op);
                    Push(Container(dict));
                    break;
                }
                case SetItem:
                    SetItemsFrom(_count - 2, op);
                    break;
                case SetItems:
                {
                    int start = PopMarkStart(op);
                    PopFence();
                    SetItemsFrom(start, op);
                    break;
                }
                case Opcodes.Get:
                    Push(MemoGet(ParseIndex(Line(), "GET")));
                    break;
                case BinGet:
                    Push(MemoGet(Byte()));
                    break;
                case LongBinGet:
                    Push(MemoGet(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))));
                    break;
                case Put:
                    MemoPut(ParseIndex(Line(), "PUT"), op);
                    break;
                case BinPut:
                    MemoPut(Byte(), op);
                    break;
                case LongBinPut:
                {
                    int index = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
                    if (index < 0)
                    {
                        throw new PickleException("a LONG_BINPUT has a negative memo index");
                    }
                    MemoPut(index, op);
                    break;
                }
                case Opcodes.Memoize:
                    if (_sparseMemo is null && _count > _fence)
                    {
                        _memo.Add(_stack[_count - 1]); // the usual case: the next slot, densely
                    }
                    else
                    {
                        MemoPut(_memo.Count + (_sparseMemo?.Count ?? 0), op);
                    }
                    break;
                case Global:
                {
                    string module = PickleText.DecodeUtf8(Line());
                    string name = PickleText.DecodeUtf8(Line());
                    Push(PlainGlobal.Find(module, name));
                    _globals++;
                    break;
                }
                case StackGlobal:
                {
                    object? name = PopValue(op);
                    object? module = PopValue(op);
                    if (module is not string m || name is not string n)
                    {
                        throw new PickleException("a STACK_GLOBAL's module and name are not both str");
                    }
                    Push(PlainGlobal.Find(m, n));
                    _globals++;
                    break;
                }
                case Reduce:
                {
                    object? args = PopValue(op);
                    object? callable = PopValue(op);
                    Push(callable is PlainGlobal g
                        ? g.Call(args)
                        : throw new PickleException($"REDUCE calls {TypedReader.PythonName(callable)}, which is not callable"));
                    break;
                }
                case Inst:
                {
                    string module = Encoding.ASCII.GetString(Line());
                    string name = Encoding.ASCII.GetString(Line());
                    throw PlainGlobal.Foreign($"{module}.{name}");
                }
                case EmptySet:
                case FrozenSet:
                case AddItems:
                    throw new PickleException("it holds a set (Python set or frozenset); only plain data loads (dict, list, tuple, str, int, float, bytes, bool, None)");
                case Obj:
                case NewObj:
                case NewObjEx:
                case Build:
                    throw Unsupported(op, "builds an object of a Python class");
                case PersId:
                case BinPersId:
                    throw Unsupported(op, "refers to a persistent id, which only the program that wrote it can resolve");
                case Ext1:
                case Ext2:
                case Ext4:
                    throw Unsupported(op, "names a class through the copyreg extension registry");
                case NextBuffer:
                case ReadOnlyBuffer:
                    throw Unsupported(op, "refers to an out-of-band buffer, which was not given");
                default:
                    throw BadOpcode(op);
            }
        }
    }

    // --- the stack, fenced by MARKs as in CPython's C unpickler ---

    private void Push(object? value)
    {
        if (_count == _stack.Length)
        {
            Array.Resize(ref _stack, _count * 2);
        }
        _stack[_count++] = value;
    }

    private object? PopValue(byte op)
    {
        if (_count <= _fence)
        {
            throw Underflow(op);
        }
        object? v = _stack[--_count];
        _stack[_count] = null;
        return v;
    }

    private object? Top(byte op) => _count > _fence ? _stack[_count - 1] : throw Underflow(op);

    private void PushMark()
    {
        if (_markCount == _marks.Length)
        {
            Array.Resize(ref _marks, _markCount * 2);
        }
        _marks[_markCount++] = _fence;
        _fence = _count;
    }

    /// <summary>Where the items of the last MARK start; the caller truncates and calls <see cref="PopFence"/>.</summary>
    private int PopMarkStart(byte op) =>
        _markCount > 0 ? _fence : throw new PickleException($"{Opcodes.Name(op)} found no MARK before it (corrupted)");

    private void PopFence() => _fence = _marks[--_markCount];

    private void PopMark(byte op)
    {
        Truncate(PopMarkStart(op));
        PopFence();
    }

    private void Truncate(int count)
    {
        Array.Clear(_stack, count, _count - count);
        _count = count;
    }

    /// <summary>APPEND(S): the items from <paramref name="first"/> up go into the list just below them (CPython's do_append).</summary>
    private void AppendFrom(int first, byte op)
    {
        if (first > _count || first <= _fence)
        {
            throw Underflow(op);
        }
        if (first == _count)
        {
            return;
        }
        List<object?> list = _stack[first - 1] as List<object?>
            ?? throw new PickleException($"{Opcodes.Name(op)} adds to {TypedReader.PythonName(_stack[first - 1])}, not to a list (corrupted)");
        list.AddRange(_stack.AsSpan(first, _count - first));
        Truncate(first);
    }

    /// <summary>SETITEM(S): the pairs from <paramref name="first"/> up go into the dict just below them (CPython's do_setitems).</summary>
    private void SetItemsFrom(int first, byte op)
    {
        if (first > _count || first <= _fence)
        {
            throw Underflow(op);
        }
        if (first == _count)
        {
            return;
        }
        if ((_count - first) % 2 != 0)
        {
            throw new PickleException($"{Opcodes.Name(op)} has an odd number of items (a key without its value)");
        }
        Dictionary<object, object?> dict = _stack[first - 1] as Dictionary<object, object?>
            ?? throw new PickleException($"{Opcodes.Name(op)} sets an item of {TypedReader.PythonName(_stack[first - 1])}, not of a dict (corrupted)");
        FillDict(dict, first, op);
    }

    private void FillDict(Dictionary<object, object?> dict, int first, byte op)
    {
        if ((_count - first) % 2 != 0)
        {
            throw new PickleException($"{Opcodes.Name(op)} has an odd number of items (a key without its value)");
        }
        for (int i = first; i < _count; i += 2)
        {
            object key = _stack[i] ?? throw new PickleException("a dict in it has None as a key, which this loader can't hold (its dicts can't have a null key)");
            CheckKey(key);
            dict[key] = _stack[i + 1];
        }
        Truncate(first);
    }

    private static void CheckKey(object key)
    {
        switch (key)
        {
            case string or int or long or double or bool or byte[] or BigInteger:
                return;
            case List<object?> or Dictionary<object, object?>:
                throw new PickleException($"a dict key is a {(key is List<object?> ? "list" : "dict")}, which Python can't hash either");
            case object?[] tuple:
                int budget = MaxKeySize;
                CheckTupleKey(tuple, ref budget, 0);
                return;
        }
    }

    private static void CheckTupleKey(object?[] tuple, ref int budget, int depth)
    {
        budget -= tuple.Length + 1;
        if (budget < 0 || depth > MaxDepth)
        {
            throw new PickleException($"a dict key is a tuple with more than {MaxKeySize} items in all, too large to hash safely");
        }
        foreach (object? item in tuple)
        {
            switch (item)
            {
                case object?[] inner:
                    CheckTupleKey(inner, ref budget, depth + 1);
                    break;
                case List<object?> or Dictionary<object, object?>:
                    throw new PickleException("a dict key is a tuple holding a list or a dict, which Python can't hash either");
            }
        }
    }

    /// <summary>Refuses data that holds a global itself (pushed, then stored instead of called).</summary>
    private static void NoGlobalLeftIn(object? root)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object?>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            object? v = pending.Pop();
            switch (v)
            {
                case PlainGlobal:
                    throw new PickleException("it stores a global as a value instead of calling it; only plain data loads");
                case object?[] or List<object?> or Dictionary<object, object?> when !seen.Add(v):
                    break;
                case object?[] tuple:
                    Array.ForEach(tuple, pending.Push);
                    break;
                case List<object?> list:
                    list.ForEach(pending.Push);
                    break;
                case Dictionary<object, object?> dict:
                    foreach (var (k, x) in dict)
                    {
                        pending.Push(k);
                        pending.Push(x);
                    }
                    break;
            }
        }
    }

    private object Container(object c)
    {
        _containers++;
        return c;
    }

    // --- the memo ---

    private void MemoPut(long index, byte op)
    {
        object? value = Top(op);
        if (index < 0)
        {
            throw new PickleException($"a {Opcodes.Name(op)} has a negative memo index");
        }
        if (index < _memo.Count)
        {
            _memo[(int)index] = value;
        }
        else if (index == _memo.Count && _sparseMemo is null)
        {
            _memo.Add(value);
        }
        else
        {
            (_sparseMemo ??= [])[index] = value;
        }
    }

    private object? MemoGet(long index)
    {
        if (index >= 0 && index < _memo.Count)
        {
            return _memo[(int)index];
        }
        if (_sparseMemo is not null && _sparseMemo.TryGetValue(index, out object? v))
        {
            return v;
        }
        throw new PickleException($"it fetches memo entry {index}, which was never stored (corrupted)");
    }

    // --- the bytes ---

    /// <summary>A one-byte argument.</summary>
    private byte Byte()
    {
        if (_pos >= _data.Length)
        {
            throw Truncated();
        }
        return _data[_pos++];
    }

    private ReadOnlySpan<byte> Take(long n)
    {
        if (n > _data.Length - _pos)
        {
            throw Truncated();
        }
        var span = new ReadOnlySpan<byte>(_data, _pos, (int)n);
        _pos += (int)n;
        return span;
    }

    /// <summary>A text argument up to its newline (protocol 0's opcodes).</summary>
    private ReadOnlySpan<byte> Line()
    {
        int end = _data.AsSpan(_pos).IndexOf((byte)'\n');
        if (end < 0)
        {
            throw Truncated();
        }
        var line = new ReadOnlySpan<byte>(_data, _pos, end);
        _pos += end + 1;
        return line;
    }

    private long Length32(bool signed, byte op)
    {
        ReadOnlySpan<byte> b = Take(4);
        long n = signed ? BinaryPrimitives.ReadInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);
        return n >= 0 ? n : throw new PickleException($"a {Opcodes.Name(op)} has a negative length");
    }

    private long Length64(byte op)
    {
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        return n <= (ulong)(_data.Length - _pos) ? (long)n : throw Truncated();
    }

    private static object Integer(long v) =>
        v is >= -5 and <= 256 ? s_smallInts[v + 5] : v is >= int.MinValue and <= int.MaxValue ? (object)(int)v : (object)v;

    private static object Integer(BigInteger v) => v >= long.MinValue && v <= long.MaxValue ? Integer((long)v) : v;

    /// <summary>
    /// The decimal argument of INT and LONG, as Python's int() reads it: spaces around, a sign,
    /// underscores between digits; INT also takes 0x, 0o and 0b prefixes (its C reader's base 0).
    /// </summary>
    private static BigInteger ParseInt(ReadOnlySpan<byte> line, string opcode, bool allowPrefix)
    {
        string s = Encoding.ASCII.GetString(line).Trim(' ', '\t', '\r', '\f', '\v');
        bool negative = s.StartsWith('-');
        string body = s.TrimStart('+', '-');
        if (s.Length - body.Length > 1)
        {
            body = "";
        }
        int radix = 10;
        if (allowPrefix && body.Length > 2 && body[0] == '0' && char.ToLowerInvariant(body[1]) is 'x' or 'o' or 'b')
        {
            radix = char.ToLowerInvariant(body[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            body = body[2..].TrimStart('_');
        }
        if (body.Length == 0 || body[0] == '_' || body[^1] == '_' || body.Contains("__", StringComparison.Ordinal))
        {
            throw new PickleException($"the {opcode} argument '{Shorten(s)}' is not an integer");
        }
        BigInteger value = BigInteger.Zero;
        // Digits in chunks of 18, so a 200,000-digit integer costs a few thousand multiplications, not one per digit.
        var digits = body.Replace("_", "", StringComparison.Ordinal);
        if (radix == 10)
        {
            if (!digits.All(char.IsAsciiDigit))
            {
                throw new PickleException($"the {opcode} argument '{Shorten(s)}' is not an integer");
            }
            value = BigInteger.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            foreach (char c in digits)
            {
                int v = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
                if (v >= radix)
                {
                    throw new PickleException($"the {opcode} argument '{Shorten(s)}' is not an integer");
                }
                value = (value * radix) + v;
            }
        }
        return negative ? -value : value;
    }

    private static long ParseIndex(ReadOnlySpan<byte> line, string opcode)
    {
        if (!long.TryParse(Encoding.ASCII.GetString(line), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long index))
        {
            throw new PickleException($"the {opcode} argument is not a memo index");
        }
        return index >= 0 ? index : throw new PickleException($"a {opcode} has a negative memo index ({index})");
    }

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "..." : s;

    private static PickleException Truncated() => new("it ends too early, or declares a length past its end (truncated or corrupted)");

    private static PickleException Underflow(byte op) => new($"{Opcodes.Name(op)} found too few items on the unpickling stack (corrupted)");

    private static PickleException Unsupported(byte op, string what) =>
        new($"it {what} ({Opcodes.Name(op)}); only plain data loads (dict, list, tuple, str, int, float, bytes, bool, None)");

    private PickleException BadOpcode(byte op) =>
        _pos == 1 && op != Proto
            ? new($"it doesn't start like a pickle (first byte 0x{op:X2}); is it another format?")
            : new($"it is corrupted (invalid opcode 0x{op:X2} at byte {_pos - 1})");

    /// <summary>Checks, without deep recursion, that no container nests deeper than <see cref="MaxDepth"/>; containers held twice are measured once.</summary>
    private static class DepthCheck
    {
        public static void Run(object? root)
        {
            var depths = new IdentityMap<int>();
            Measure(root, depths, 0);
        }

        /// <summary>The height of the graph below <paramref name="value"/>; a container still being measured (a cycle) counts as 0.</summary>
        private static int Measure(object? value, IdentityMap<int> heights, int level)
        {
            if (value is not (object?[] or List<object?> or Dictionary<object, object?>))
            {
                return 0;
            }
            if (heights.TryGetValue(value, out int known))
            {
                if (level + known > MaxDepth)
                {
                    throw TooDeep();
                }
                return known;
            }
            if (level >= MaxDepth)
            {
                throw TooDeep();
            }
            heights.Set(value, 0);
            int height = 0;
            switch (value)
            {
                case object?[] tuple:
                    foreach (object? item in tuple)
                    {
                        height = Math.Max(height, Measure(item, heights, level + 1));
                    }
                    break;
                case List<object?> list:
                    foreach (object? item in list)
                    {
                        height = Math.Max(height, Measure(item, heights, level + 1));
                    }
                    break;
                case Dictionary<object, object?> dict:
                    foreach (var (k, v) in dict)
                    {
                        height = Math.Max(height, Math.Max(Measure(k, heights, level + 1), Measure(v, heights, level + 1)));
                    }
                    break;
            }
            heights.Set(value, height + 1);
            return height + 1;
        }

        private static PickleException TooDeep() => new($"the data nests containers more than {MaxDepth} levels deep");
    }
}
