using System.Text.Json;

namespace Harness.Tests.Processes;

/// <summary>Jobs the process tests run in child processes. Each prints what the test checks.</summary>
internal static class Jobs
{
    public const string JsonMark = "JSON:";

    public static void Noop()
    {
    }

    public static void PrintAaa(int a, int d) => Console.WriteLine($"aaa {a} {d}");

    public static void PrintWhoAmI() => PrintJson(Mp.CurrentProcess);

    public static void Throw(string message) => throw new DivideByZeroException(message);

    public static void ExitWith(int code) => Environment.Exit(code);

    public static void SleepForever() => Thread.Sleep(Timeout.Infinite);

    public static void PrintThenSleep(string line)
    {
        Console.WriteLine(line);
        Thread.Sleep(Timeout.Infinite);
    }

    public static void PrintThenReturn(string line) => Console.WriteLine(line);

    public static void WriteStderr(string line) => Console.Error.WriteLine(line);

    public static void PrintLines(int count, int width)
    {
        string line = new('x', width);
        for (int i = 0; i < count; i++)
        {
            Console.Out.WriteLine(line);
        }
    }

    public static void EchoInts(List<int> values) => PrintJson(values);

    public static void EchoStrings(string[] values) => PrintJson(values);

    public static void EchoDictionary(Dictionary<string, int> values) => PrintJson(values);

    public static void EchoRecord(Order order) => PrintJson(order);

    public static void EchoMany(long a, double b, bool c, string? d) => PrintJson(new object?[] { a, b, c, d });

    /// <summary>Starts grandchildren, prints their pids, then returns (or sleeps forever).</summary>
    public static void StartGrandchildren(int count, bool daemon, bool thenSleep)
    {
        var pids = new List<int>();
        for (int i = 0; i < count; i++)
        {
            var g = Mp.Process(SleepForever);
            g.Daemon = daemon;
            g.Start();
            pids.Add(g.Pid!.Value);
        }
        PrintJson(pids);
        if (thenSleep)
        {
            Thread.Sleep(Timeout.Infinite);
        }
    }

    /// <summary>Starts a non-daemon grandchild that takes a moment, then returns without joining it.</summary>
    public static void StartSlowGrandchildWithoutJoin()
    {
        var g = Mp.Process(PrintAfterPause, "grandchild finished");
        g.Start();
    }

    public static void PrintAfterPause(string line)
    {
        Thread.Sleep(300);
        Console.WriteLine(line);
    }

    public static void PrintJson<T>(T value) => Console.WriteLine(JsonMark + JsonSerializer.Serialize(value));

    /// <summary>Reads back what a child printed with <see cref="PrintJson{T}"/>.</summary>
    public static T ReadJson<T>(MpProcess p)
    {
        string? line = p.Output.Split('\n').FirstOrDefault(l => l.StartsWith(JsonMark, StringComparison.Ordinal));
        line.Should().NotBeNull($"the child should have printed its result; it printed: {p.Output}");
        return JsonSerializer.Deserialize<T>(line![JsonMark.Length..])!;
    }
}

public sealed record Order(string Item, int Quantity, decimal Price, List<string> Tags);
