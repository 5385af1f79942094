using Harness.Persistence;
using Razorvine.Pickle;

namespace Harness;

/// <summary>
/// Python's <c>pickle</c> for plain data, speaking its binary protocol through Razorvine.Pickle:
/// what Python 3 writes (protocols 0 to 5) loads here, and Python 3 loads what this writes.
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
/// <see cref="Load{T}(Stream)"/> turns such a dict back into the record. Cycles, nesting deeper
/// than 190 levels, decimals, dates and other framework types are refused with a
/// <see cref="PickleException"/>. The stream is protocol 3 (Python 3.0 and later). A container
/// held in two places is written once and loads as one shared object, as in Python.</para>
/// <para>Known limits of the reader underneath: a dict with the key None is refused, and
/// protocol 0 (text) floats that are nan or inf don't load; Python 3 writes protocol 4 or 5 by
/// default, which have neither problem for floats.</para>
/// </remarks>
public static class Pickle
{
    /// <summary>The protocol written: 2 as Razorvine writes it, plus protocol 3's bytes opcodes.</summary>
    public const int Protocol = 3;

    /// <summary>
    /// Compares dict keys the way loaded dicts do: integers by value whatever their .NET type,
    /// tuples (<c>object?[]</c>) and <c>byte[]</c> by contents, strings ordinally. Use it to build a
    /// dict that behaves like a loaded one: <c>new Dictionary&lt;object, object?&gt;(Pickle.KeyComparer)</c>.
    /// </summary>
    public static IEqualityComparer<object> KeyComparer => PlainDataComparer.Instance;

    /// <summary>Pickles <paramref name="value"/> to bytes, like <c>pickle.dumps(value)</c>.</summary>
    /// <exception cref="PickleException">The value holds something that isn't plain data; the message says what and where.</exception>
    public static byte[] Dumps(object? value)
    {
        object? plain = PlainWriter.ToPlain(value, out bool shared);
        byte[] bytes;
        try
        {
            // The memo (Python's too) writes a container that occurs twice once, and refers to
            // it after; without sharing it only costs time, so it is used only when needed.
            using var pickler = new Pickler(useMemo: shared);
            bytes = pickler.dumps(plain);
        }
        catch (Exception e) when (e is not PickleException and not OutOfMemoryException)
        {
            throw new PickleException($"Can't pickle the value: {e.Message}", e);
        }
        // Razorvine declares protocol 2; the stream also uses protocol 3's BINBYTES, so say 3.
        bytes[1] = Protocol;
        return bytes;
    }

    /// <summary>Pickles <paramref name="value"/> to <paramref name="stream"/>, like <c>pickle.dump(value, file)</c>.</summary>
    /// <exception cref="PickleException">The value holds something that isn't plain data.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public static void Dump(object? value, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // Serialize first, so that a value that can't be pickled leaves the stream untouched.
        stream.Write(Dumps(value));
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
    public static void DumpFile(object? value, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, Dumps(value));
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
        object? raw;
        try
        {
            using var unpickler = new Unpickler();
            raw = unpickler.loads(data);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            string reason = Reason(e, data);
            throw new PickleException($"Can't load the pickle data ({data.Length} bytes): {reason}{(reason.EndsWith('?') ? "" : ".")}", e);
        }
        try
        {
            return PlainReader.Normalize(raw);
        }
        catch (PickleException e)
        {
            throw new PickleException($"Can't load the pickle data ({data.Length} bytes): {e.Message}.", e);
        }
    }

    /// <summary>Says in a learner's words what Razorvine's low-level failure means.</summary>
    private static string Reason(Exception e, byte[] data) => e switch
    {
        InvalidOpcodeException when data[0] != 0x80 && !LooksLikeProtocol0(data[0]) =>
            $"it doesn't start like a pickle (first byte 0x{data[0]:X2}); is it another format?",
        InvalidOpcodeException => $"it is corrupted ({e.Message})",
        ArgumentNullException => "a dict in it has None as a key, which this loader can't hold (its dicts can't have a null key)",
        IndexOutOfRangeException or ArgumentOutOfRangeException or ArgumentException or EndOfStreamException =>
            "it ends too early, or declares a length past its end (truncated or corrupted)",
        _ when GlobalNames.FindForeign(data) is { } name =>
            $"it holds an object of the Python class or function '{name}'; only plain data loads (dict, list, tuple, str, int, float, bytes, bool, None)",
        Razorvine.Pickle.PickleException => e.Message.TrimEnd('\n', '.'),
        _ => $"its opcodes don't fit together (corrupted, or not a pickle: {e.GetType().Name})",
    };

    // Protocols 0 and 1 have no header; their first opcode is one of these.
    private static bool LooksLikeProtocol0(byte first) => "(}]).NIJKLMSTUVXacdeghjlpqrstuF\u0088\u0089".Contains((char)first, StringComparison.Ordinal);
}
