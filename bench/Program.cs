using System.Diagnostics;
using System.Globalization;
using Bench;

// Prints the harness's figures with the names of bench/anchor/python_multiprocessing.py, one
// "name value unit" line each. With --python, runs CPython's script in the same run and adds
// its figure and the ratio (ours / CPython's; for times, CPython's / ours, so > 1 is better).
//   dotnet run -c Release --project bench [-- [--python] [figure ...]]
var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
bool withPython = args.Contains("--python");
var figures = Figures.All.Where(f => names.Count == 0 || names.Contains(f.Name)).ToList();
if (names.Except(Figures.All.Select(f => f.Name)).FirstOrDefault() is { } unknown)
{
    Console.Error.WriteLine($"Unknown figure '{unknown}'. Known: {string.Join(", ", Figures.All.Select(f => f.Name))}");
    return 2;
}

Dictionary<string, double> python = withPython ? Python.Run(figures.Where(f => f.InAnchor).Select(f => f.Name)) : [];
Console.WriteLine($"# .NET {Environment.Version}, {Environment.ProcessorCount} cores, {RuntimeDescription()}");
foreach (Figure f in figures)
{
    double? ours = f.Measure();
    string value = ours is { } v ? v.ToString(f.Format, CultureInfo.InvariantCulture) : "n/a";
    string line = $"{f.Name} {value} {f.Unit}";
    if (withPython)
    {
        string theirs = python.TryGetValue(f.Name, out double p) ? p.ToString(f.Format, CultureInfo.InvariantCulture) : "n/a";
        string ratio = ours is { } o && python.TryGetValue(f.Name, out double q) && o > 0 && q > 0
            ? (f.LowerIsBetter ? q / o : o / q).ToString("F2", CultureInfo.InvariantCulture) + "x"
            : "n/a";
        line = $"{line,-45} cpython {theirs} {f.Unit}  ratio {ratio}";
    }
    Console.WriteLine(line);
}
ClusterBench.Stop();
return 0;

static string RuntimeDescription() => System.Runtime.InteropServices.RuntimeInformation.OSDescription;

namespace Bench
{
    /// <summary>One figure: its anchor name, unit, format, and how we measure it (null: not built yet).</summary>
    internal sealed record Figure(string Name, string Unit, string Format, bool LowerIsBetter, Func<double?> Measure, bool InAnchor = true);

    internal static class Python
    {
        /// <summary>Runs CPython's anchor script (spawn) for these figures and reads its lines.</summary>
        public static Dictionary<string, double> Run(IEnumerable<string> names)
        {
            string script = Path.Combine(AppContext.BaseDirectory, "anchor", "python_multiprocessing.py");
            var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add(script);
            info.ArgumentList.Add("spawn");
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
