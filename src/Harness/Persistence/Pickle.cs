using Harness.Persistence;

namespace Harness;

/// <summary>
/// Python's <c>pickle</c> for plain data: what Python writes (protocols 0 to 5, Python 2's too)
/// loads here, and Python 3 loads what this writes, in whichever protocol is asked for.
/// </summary>
/// <remarks>
/// <para>Loaded plain data: dict → <c>Dictionary&lt;object, object?&gt;</c> (keys compared by
/// value: ints of any width alike, tuples and bytes by contents; key order is not kept),
/// list → <c>List&lt;object?&gt;</c>, tuple → <c>object?[]</c>, str → <c>string</c>,
/// int → <c>int</c>, <c>long</c> or <c>BigInteger</c> (the smallest that holds it),
/// float → <c>double</c>, bytes and bytearray → <c>byte[]</c>, bool → <c>bool</c>, None → <c>null</c>.
/// Anything else in the data (an instance of a Python class, a set, a datetime, any other
/// global) raises <see cref="PickleException"/>: no object of a type the caller didn't ask for
/// is ever returned.</para>
/// <para>Written: the same types the other way, plus any <c>IDictionary</c> (as a dict), other
/// collections and arrays (as lists), value tuples (as tuples), other integer types, float,
/// char and enums (by name, as str). A record or class is written as a plain dict of its public
/// properties, keyed by property name, with no class name: Python loads it as a dict, and
/// <see cref="Load{T}(Stream)"/> turns such a dict back into the record. Nesting deeper than
/// 1000 levels, decimals, dates and other framework types are refused with a
/// <see cref="PickleException"/>. The stream is protocol <see cref="DefaultProtocol"/> (4, as
/// CPython 3.8 and later write by default, framed) unless another is asked for. A str, bytes or
/// container held in two places is written once and loads as one shared object, and a list or
/// dict that holds itself is written and loaded as Python does. Text is UTF-8 with Python's
/// <c>surrogatepass</c>: a lone surrogate, which a .NET string and a Python str can both hold,
/// survives the trip both ways.</para>
/// <para>Bad input is refused as CPython's unpickler refuses it (a negative memo index, a MARK
/// where items are missing, a length past the end, text that is not UTF-8), plus anything that
/// is not plain data. A dict with the key None is refused too: a .NET dictionary can't hold a
/// null key.</para>
/// </remarks>
public static class Pickle
{
    /// <summary>The protocol <see cref="Dumps(object?)"/> writes when none is given, like <c>pickle.DEFAULT_PROTOCOL</c>: 4 (framed, Python 3.4 and later).</summary>
    public const int DefaultProtocol = 4;

    /// <summary>The newest protocol this reads and writes, like <c>pickle.HIGHEST_PROTOCOL</c>: 5 (Python 3.8 and later).</summary>
    public const int HighestProtocol = PickleReader.HighestProtocol;

    /// <summary>The protocol written when none is given; the same as <see cref="DefaultProtocol"/>.</summary>
    public const int Protocol = DefaultProtocol;

    /// <summary>
    /// Compares dict keys the way loaded dicts do: integers by value whatever their .NET type,
    /// tuples (<c>object?[]</c>) and <c>byte[]</c> by contents, strings ordinally. Use it to build a
    /// dict that behaves like a loaded one: <c>new Dictionary&lt;object, object?&gt;(Pickle.KeyComparer)</c>.
    /// </summary>
    public static IEqualityComparer<object> KeyComparer => PlainDataComparer.Instance;

    /// <summary>Pickles <paramref name="value"/> to bytes with protocol <see cref="DefaultProtocol"/>, like <c>pickle.dumps(value)</c>.</summary>
    /// <exception cref="PickleException">The value holds something that isn't plain data; the message says what and where.</exception>
    public static byte[] Dumps(object? value) => PickleWriter.Write(value, DefaultProtocol);

    /// <summary>Pickles <paramref name="value"/> to bytes with the given protocol, like <c>pickle.dumps(value, protocol)</c>.</summary>
    /// <param name="value">The data.</param>
    /// <param name="protocol">0 to 5; a negative number means <see cref="HighestProtocol"/>, as in Python.</param>
    /// <exception cref="PickleException">The value holds something that isn't plain data.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The protocol is above <see cref="HighestProtocol"/> (Python's ValueError).</exception>
    public static byte[] Dumps(object? value, int protocol) => PickleWriter.Write(value, CheckProtocol(protocol));

    /// <summary>Pickles <paramref name="value"/> to <paramref name="stream"/>, like <c>pickle.dump(value, file)</c>.</summary>
    /// <exception cref="PickleException">The value holds something that isn't plain data; the stream is left untouched.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public static void Dump(object? value, Stream stream) => Dump(value, stream, DefaultProtocol);

    /// <summary>Pickles <paramref name="value"/> to <paramref name="stream"/> with the given protocol, like <c>pickle.dump(value, file, protocol)</c>.</summary>
    /// <exception cref="PickleException">The value holds something that isn't plain data; the stream is left untouched.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The protocol is above <see cref="HighestProtocol"/>.</exception>
    public static void Dump(object? value, Stream stream, int protocol)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // Serialize first, so that a value that can't be pickled leaves the stream untouched.
        stream.Write(Dumps(value, protocol));
    }

    /// <summary>
    /// Pickles <paramref name="value"/> to the file at <paramref name="path"/>, atomically: the
    /// bytes go to a temporary file in the same folder, are flushed to the disk, and replace the
    /// old file by a rename. A crash at any point leaves either the old file or the new one, never
    /// a mix (a stray <c>.NAME.*.tmp</c> may be left beside it).
    /// </summary>
    /// <exception cref="PickleException">The value holds something that isn't plain data; the file is left as it was.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IOException">The file can't be written.</exception>
    public static void DumpFile(object? value, string path) => DumpFile(value, path, DefaultProtocol);

    /// <summary>Like <see cref="DumpFile(object?, string)"/>, with the given protocol (0 to 5; negative: the highest).</summary>
    /// <exception cref="PickleException">The value holds something that isn't plain data; the file is left as it was.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The protocol is above <see cref="HighestProtocol"/>.</exception>
    /// <exception cref="IOException">The file can't be written.</exception>
    public static void DumpFile(object? value, string path, int protocol)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, Dumps(value, protocol));
    }

    private static int CheckProtocol(int protocol)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(protocol, HighestProtocol);
        return protocol < 0 ? HighestProtocol : protocol;
    }

    /// <summary>Loads plain data from pickle bytes, like <c>pickle.loads(data)</c>.</summary>
    /// <exception cref="PickleException">The data is empty, truncated, corrupted, not a pickle, or holds something other than plain data.</exception>
    public static object? Loads(ReadOnlySpan<byte> data) => LoadBytes(data.ToArray());

    /// <summary>Loads plain data from the rest of <paramref name="stream"/>, which must hold one pickle.</summary>
    /// <exception cref="PickleException">The data is bad; see <see cref="Loads"/>.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public static object? Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // Read it all first: declared lengths are then checked against the bytes really there,
        // so a hostile length can't make us allocate gigabytes before finding the data short.
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return LoadBytes(buffer.ToArray());
    }

    /// <summary>Loads plain data from the file at <paramref name="path"/>.</summary>
    /// <exception cref="PickleException">The file's content is bad; the message names the file.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static object? LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] data = File.ReadAllBytes(path);
        try
        {
            return LoadBytes(data);
        }
        catch (PickleException e)
        {
            throw new PickleException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Loads a <typeparamref name="T"/> from <paramref name="stream"/>: a record or class from a
    /// dict by property name (exact, then ignoring case), through a constructor whose parameters
    /// are named like its properties (a positional record's) and then its settable properties;
    /// collections from lists and tuples; numbers with range checks. Extra keys are ignored.
    /// </summary>
    /// <exception cref="PickleException">The data is bad, or a property is missing or holds the wrong type; the message names it.</exception>
    public static T Load<T>(Stream stream) => TypedReader.Read<T>(Load(stream));

    /// <summary>Loads a <typeparamref name="T"/> from the file at <paramref name="path"/>; see <see cref="Load{T}(Stream)"/>.</summary>
    /// <exception cref="PickleException">The data is bad or doesn't fit <typeparamref name="T"/>.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static T LoadFile<T>(string path) => TypedReader.Read<T>(LoadFile(path));

    /// <summary>Loads a <typeparamref name="T"/> from pickle bytes; see <see cref="Load{T}(Stream)"/>.</summary>
    /// <exception cref="PickleException">The data is bad or doesn't fit <typeparamref name="T"/>.</exception>
    public static T Loads<T>(ReadOnlySpan<byte> data) => TypedReader.Read<T>(Loads(data));

    /// <summary>
    /// Whether two plain-data graphs hold the same data: dicts, lists and tuples by contents,
    /// integers by value whatever their .NET type, NaN equal to NaN. A float never equals an int
    /// and a bool never equals 0 or 1, so a value that changed type in a round trip shows.
    /// </summary>
    /// <exception cref="InvalidOperationException">The graphs nest more than 1100 levels deep, or contain themselves.</exception>
    public static bool SameData(object? left, object? right) => PlainDataComparer.Same(left, right, 0);

    private static object? LoadBytes(byte[] data)
    {
        if (data.Length == 0)
        {
            throw new PickleException("The pickle data is empty: there is nothing to load.");
        }
        try
        {
            return PickleReader.Read(data);
        }
        catch (PickleException e)
        {
            string reason = e.Message;
            throw new PickleException($"Can't load the pickle data ({data.Length} bytes): {reason}{(reason.EndsWith('?') ? "" : ".")}", e);
        }
    }
}
