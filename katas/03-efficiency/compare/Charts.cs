using System.Globalization;
using ScottPlot;
using Spectre.Console;

namespace Katas.Efficiency.Compare;

/// <summary>The comparison as a table and a bar chart in the terminal, and as two PNG charts.</summary>
internal static class Charts
{
    public static void WriteTable(IReadOnlyList<Row> rows)
    {
        var table = new Table().Title("Time of the same work (Sum(n) twice), best run");
        table.AddColumns("n", "serial ms", "2 threads ms", "2 processes ms", "threads speedup", "processes speedup");
        foreach (Row r in rows)
        {
            table.AddRow(
                r.N.ToString("N0", CultureInfo.InvariantCulture),
                r.SerialMs.ToString("F2", CultureInfo.InvariantCulture),
                r.ThreadsMs.ToString("F2", CultureInfo.InvariantCulture),
                r.ProcessesMs.ToString("F2", CultureInfo.InvariantCulture),
                Speedup(r.ThreadSpeedup),
                Speedup(r.ProcessSpeedup));
        }
        AnsiConsole.Write(table);
    }

    /// <summary>One bar per variant and n: the speedup over serial, with | marking 1x (break-even).</summary>
    public static void WriteTerminalChart(IReadOnlyList<Row> rows)
    {
        const int width = 40;
        double max = Math.Max(2.0, rows.Max(r => Math.Max(r.ThreadSpeedup, r.ProcessSpeedup)));
        int one = (int)Math.Round(width / max);
        AnsiConsole.MarkupLine($"[bold]Speedup over serial[/] (each | is 1x, break-even; █ threads, ▓ processes; bars capped at {max:F1}x)");
        foreach (Row r in rows)
        {
            AnsiConsole.MarkupLine($"{r.N,12:N0} [green]{Bar(r.ThreadSpeedup, '█')}[/] {r.ThreadSpeedup:F2}x");
            AnsiConsole.MarkupLine($"{"",12} [yellow]{Bar(r.ProcessSpeedup, '▓')}[/] {r.ProcessSpeedup:F2}x");
        }

        string Bar(double speedup, char c)
        {
            int len = (int)Math.Round(Math.Min(speedup, max) / max * width);
            var chars = new char[width];
            for (int i = 0; i < width; i++)
            {
                chars[i] = i < len ? c : i == one ? '|' : ' ';
            }
            return Markup.Escape(new string(chars));
        }
    }

    public static void SaveTimePng(IReadOnlyList<Row> rows, string path)
    {
        var plot = new Plot();
        AddLine(plot, rows, r => Math.Log10(r.SerialMs), "serial (normal)", 0);
        AddLine(plot, rows, r => Math.Log10(r.ThreadsMs), "2 threads (multithread)", 1);
        AddLine(plot, rows, r => Math.Log10(r.ProcessesMs), "2 processes (multicore)", 2);
        plot.Title("Time of Sum(n) twice");
        plot.XLabel("n");
        plot.YLabel("time, ms (log scale)");
        LogTicks(plot.Axes.Bottom, rows.Select(r => Math.Log10(Math.Max(1, r.N))));
        LogTicks(plot.Axes.Left, rows.SelectMany(r => new[] { r.SerialMs, r.ThreadsMs, r.ProcessesMs }).Select(Math.Log10));
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 560);
    }

    public static void SaveSpeedupPng(IReadOnlyList<Row> rows, string path)
    {
        var plot = new Plot();
        AddLine(plot, rows, r => r.ThreadSpeedup, "2 threads", 1);
        AddLine(plot, rows, r => r.ProcessSpeedup, "2 processes", 2);
        var even = plot.Add.HorizontalLine(1);
        even.LinePattern = LinePattern.Dashed;
        even.Color = s_palette.GetColor(0);
        even.LegendText = "break-even (1x)";
        plot.Title("Speedup over serial: where processes start to pay");
        plot.XLabel("n");
        plot.YLabel("serial time / parallel time");
        LogTicks(plot.Axes.Bottom, rows.Select(r => Math.Log10(Math.Max(1, r.N))));
        plot.Axes.SetLimitsY(0, Math.Max(2.2, rows.Max(r => Math.Max(r.ThreadSpeedup, r.ProcessSpeedup)) * 1.1));
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 560);
    }

    /// <summary>One colour per variant in both charts: serial 0, threads 1, processes 2.</summary>
    private static readonly ScottPlot.Palettes.Category10 s_palette = new();

    private static void AddLine(Plot plot, IReadOnlyList<Row> rows, Func<Row, double> y, string label, int colour)
    {
        double[] xs = [.. rows.Select(r => Math.Log10(Math.Max(1, r.N)))];
        double[] ys = [.. rows.Select(y)];
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = label;
        line.LineWidth = 2;
        line.MarkerSize = 7;
        line.Color = s_palette.GetColor(colour);
    }

    /// <summary>The data are plotted as log10 values; label each power of ten with its value.</summary>
    private static void LogTicks(IAxis axis, IEnumerable<double> logs)
    {
        var values = logs.ToList();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int p = (int)Math.Floor(values.Min()); p <= (int)Math.Ceiling(values.Max()); p++)
        {
            ticks.AddMajor(p, Math.Pow(10, p).ToString(p >= 0 ? "#,0" : "0.###", CultureInfo.InvariantCulture));
        }
        axis.TickGenerator = ticks;
    }

    private static string Speedup(double s) => s >= 1
        ? $"[green]{s:F2}x[/]"
        : $"[red]{s:F2}x[/]";
}
