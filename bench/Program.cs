using System.Diagnostics;
using System.Globalization;
using Bench;

// Prints the harness's figures with the names of bench/anchor/python_multiprocessing.py, one
// "name value unit" line each. With --python, runs CPython's script in the same run, with both
// of its start methods (spawn and fork), and adds their figures and the ratios (ours /
// CPython's; for times, CPython's / ours, so > 1 is better). With --spares, each figure is
// measured twice in turn, spare children off then on, and both are printed.
//   dotnet run -c Release --project bench [-- [--python] [--spares] [figure ...]]
var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
bool withPython = args.Contains("--python");
bool bothSpares = args.Contains("--spares");
var figures = Figures.All.Where(f => names.Count == 0 || names.Contains(f.Name)).ToList();
if (names.Except(Figures.All.Select(f => f.Name)).FirstOrDefault() is { } unknown)
{
    Console.Error.WriteLine($"Unknown figure '{unknown}'. Known: {string.Join(", ", Figures.All.Select(f => f.Name))}");
    return 2;
}

var anchorNames = figures.Select(f => f.Anchor ?? (f.InAnchor ? f.Name : null)).OfType<string>().Distinct().ToList();
Dictionary<string, double> spawn = withPython ? Python.Run(anchorNames, "spawn") : [];
Dictionary<string, double> fork = withPython ? Python.Run(anchorNames, "fork") : [];
Console.WriteLine($"# .NET {Environment.Version}, {Environment.ProcessorCount} cores, {RuntimeDescription()}, wait back-end {Harness.Native.WaitBackend.Current.Name}");
foreach (Figure f in figures)
{
    double? off = null;
    if (bothSpares)
    {
        Harness.Processes.SpareChildren.Override = false;
        off = f.Measure();
        Harness.Processes.SpareChildren.Override = true;
    }
    double? ours = f.Measure();
    string line = $"{f.Name} {Format(f, ours)} {f.Unit}";
    if (bothSpares)
    {
        line = $"{line,-42} spares-off {Format(f, off)} {f.Unit}";
    }
    if (withPython)
    {
        line = $"{line,-70} spawn {Theirs(f, spawn)} ratio {Ratio(f, ours, spawn)}  fork {Theirs(f, fork)} ratio {Ratio(f, ours, fork)}";
    }
    Console.WriteLine(line);
}
ClusterBench.Stop();
return 0;

static string Format(Figure f, double? value) => value is { } v ? v.ToString(f.Format, CultureInfo.InvariantCulture) : "n/a";

static string Theirs(Figure f, Dictionary<string, double> python) =>
    python.TryGetValue(f.Anchor ?? f.Name, out double p) ? p.ToString(f.Format, CultureInfo.InvariantCulture) : "n/a";

static string Ratio(Figure f, double? ours, Dictionary<string, double> python) =>
    ours is { } o && python.TryGetValue(f.Anchor ?? f.Name, out double q) && o > 0 && q > 0
        ? (f.LowerIsBetter ? q / o : o / q).ToString("F2", CultureInfo.InvariantCulture) + "x"
        : "n/a";

static string RuntimeDescription() => System.Runtime.InteropServices.RuntimeInformation.OSDescription;

namespace Bench
{
    /// <summary>One figure: its anchor name, unit, format, and how we measure it (null: not built yet).</summary>
    /// <param name="Anchor">The anchor figure to compare with, when it is not this one's own name.</param>
    internal sealed record Figure(string Name, string Unit, string Format, bool LowerIsBetter, Func<double?> Measure, bool InAnchor = true, string? Anchor = null);

    internal static class Python
    {
        /// <summary>Runs CPython's anchor script with a start method (spawn or fork) for these figures and reads its lines.</summary>
        public static Dictionary<string, double> Run(IEnumerable<string> names, string method)
        {
            string script = Path.Combine(AppContext.BaseDirectory, "anchor", "python_multiprocessing.py");
            var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add(script);
            info.ArgumentList.Add(method);
            foreach (string n in names)
            {
                info.ArgumentList.Add(n);
            }
            var result = new Dictionary<string, double>();
            try
            {
                using var p = Process.Start(info)!;
                string output = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                Console.Write(output.Split('\n').FirstOrDefault(l => l.StartsWith('#')) is { } header ? header + "\n" : "");
                foreach (string line in output.Split('\n'))
                {
                    string[] parts = line.Split(' ');
                    if (parts.Length >= 2 && !line.StartsWith('#') && double.TryParse(parts[1], CultureInfo.InvariantCulture, out double v))
                    {
                        result[parts[0]] = v;
                    }
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                Console.WriteLine("# python3 not found: CPython's figures are n/a");
            }
            return result;
        }
    }
}
