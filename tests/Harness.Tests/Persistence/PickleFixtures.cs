using System.Diagnostics;
using System.Numerics;
using System.Text;

namespace Harness.Tests.Persistence;

/// <summary>
/// The values of Fixtures/make_fixtures.py in C#, where the committed fixture files are, and a
/// runner for python3 (tests that need it skip, saying why, when it isn't installed).
/// </summary>
internal static class PickleFixtures
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures");

    public static string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>The course's dict: {'da': 111, 2: [23, 1, 4], '24': {1: 2, 'd': 'sad'}}.</summary>
    public static Dictionary<object, object?> Course() => new()
    {
        ["da"] = 111,
        [2] = new List<object?> { 23, 1, 4 },
        ["24"] = new Dictionary<object, object?> { [1] = 2, ["d"] = "sad" },
    };

    public static readonly object[] Ints =
    [
        0, -1, 255, 256, 65535, 65536, int.MaxValue, int.MinValue,
        2147483648L, -2147483649L, long.MaxValue, long.MinValue,
        BigInteger.Pow(2, 63), -BigInteger.Pow(2, 63) - 1, BigInteger.Pow(2, 100), -BigInteger.Pow(2, 100), BigInteger.Pow(2, 2100),
    ];

    /// <summary>RICH of make_fixtures.py.</summary>
    public static Dictionary<object, object?> Rich()
    {
        var rich = Course();
        rich["ints"] = Ints.Cast<object?>().ToList();
        rich["floats"] = new List<object?> { 0.0, -0.0, 1.5, -2.25, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e308, double.Epsilon };
        rich["bytes"] = new List<object?> { Array.Empty<byte>(), "abc"u8.ToArray(), Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), "xy"u8.ToArray(), Enumerable.Repeat((byte)'x', 300).ToArray() };
        rich["text"] = new List<object?> { "", "h\u00e9llo", "\u4e2d\u6587", "\U0001F600", new string('y', 300) };
        rich["tuple"] = new object?[] { 1, "a", new object?[] { 2.5, null } };
        rich["empty"] = new List<object?> { new List<object?>(), new Dictionary<object, object?>(), Array.Empty<object?>(), "", Array.Empty<byte>() };
        rich["flags"] = new List<object?> { true, false, null };
        rich[new object?[] { 1, "k" }] = "tuple key";
        rich["bk"u8.ToArray()] = "bytes key";
        rich[2.5] = "float key";
        rich[-7] = "negative key";
        return rich;
    }

    public static string? Python { get; } = FindPython();

    public static string PythonMissing => "python3 is not on the PATH, so the two-way tests with Python can't run here; the committed fixture files still cover Python-written data";

    /// <summary>Runs python3 with <paramref name="args"/> in the fixture folder; returns its exit code and output.</summary>
    public static (int ExitCode, string Output) RunPython(params string[] args)
    {
        var psi = new ProcessStartInfo(Python!)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"python3 {string.Join(' ', args)} did not finish within 60 s.");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static string? FindPython()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            foreach (string name in new[] { "python3", "python3.exe" })
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>A short description of a graph for failure messages.</summary>
    public static string Show(object? value, int depth = 0) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        byte[] b => $"b[{b.Length}]",
        object?[] t => depth > 4 ? "(...)" : "(" + string.Join(", ", t.Select(x => Show(x, depth + 1))) + ")",
        List<object?> l => depth > 4 ? "[...]" : "[" + string.Join(", ", l.Select(x => Show(x, depth + 1))) + "]",
        Dictionary<object, object?> d => depth > 4 ? "{...}" : "{" + string.Join(", ", d.Select(kv => $"{Show(kv.Key, depth + 1)}: {Show(kv.Value, depth + 1)}")) + "}",
        double x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => $"{value}:{value.GetType().Name}",
    };

    public static string Hex(ReadOnlySpan<byte> data) => Convert.ToHexString(data.Length > 80 ? data[..80] : data) + (data.Length > 80 ? "..." : "");

    public static byte[] Ascii(string s) => Encoding.Latin1.GetBytes(s);
}
