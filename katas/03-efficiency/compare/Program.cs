using System.Globalization;
using Katas.Efficiency;
using Katas.Efficiency.Compare;
using Spectre.Console;

// Kata 03's comparison: the same work (Sum(n), twice) serially, on two threads and in two
// processes, for a range of n. Prints a table and a chart, and writes two PNG charts.
//   dotnet run -c Release --project katas/03-efficiency/compare [-- n1 n2 ... --out DIR]
long[] defaults = [10_000, 100_000, 1_000_000, 3_000_000, 10_000_000, 30_000_000, 100_000_000, 300_000_000];
var sizes = new List<long>();
string outDir = Directory.GetCurrentDirectory();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--out" && i + 1 < args.Length)
    {
        outDir = args[++i];
    }
    else if (long.TryParse(args[i].Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) && n >= 0)
    {
        sizes.Add(n);
    }
    else
    {
        Console.Error.WriteLine($"'{args[i]}' is neither a size n (a whole number ≥ 0) nor --out DIR.");
        return 2;
    }
}
if (sizes.Count == 0)
{
    sizes.AddRange(defaults);
}
sizes.Sort();

AnsiConsole.MarkupLine($"[bold]Kata 03: the same work serially, on 2 threads and in 2 processes[/] ({Environment.ProcessorCount} cores, best of {Timing.Runs} runs)");
List<Row> rows;
try
{
    rows = Timing.MeasureAll(sizes, n => AnsiConsole.MarkupLine($"[grey]n = {n:N0}...[/]"));
}
catch (Exception e) when (e is NotImplementedException || e.InnerException is NotImplementedException
    || e is Harness.RemoteException { RemoteType: "System.NotImplementedException" })
{
    AnsiConsole.MarkupLine("[red]Part of the kata is still a stub.[/] Finish it first: kata check 03-efficiency");
    return 1;
}

Charts.WriteTable(rows);
Charts.WriteTerminalChart(rows);
Directory.CreateDirectory(outDir);
string time = Path.Combine(outDir, "efficiency-time.png");
string speedup = Path.Combine(outDir, "efficiency-speedup.png");
Charts.SaveTimePng(rows, time);
Charts.SaveSpeedupPng(rows, speedup);
AnsiConsole.MarkupLine($"Charts written: [blue]{Markup.Escape(time)}[/] and [blue]{Markup.Escape(speedup)}[/]");
if (rows.FirstOrDefault(r => r.ProcessSpeedup >= 1) is { } pays)
{
    AnsiConsole.MarkupLine($"Two processes first beat serial at n = [bold]{pays.N:N0}[/] (serial {pays.SerialMs:F1} ms). Below that, starting them costs more than it saves.");
}
else
{
    AnsiConsole.MarkupLine("Two processes never beat serial here: try larger n (for example 100000000).");
}
return 0;
