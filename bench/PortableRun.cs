using System.Diagnostics;
using System.Globalization;

namespace Bench;

/// <summary>
/// Figures of the portable wait back-end: this bench again, in a process of its own started
/// with HARNESS_WAIT=portable (a process picks its back-end once, and its children inherit it).
/// </summary>
internal static class PortableRun
{
    internal static double? Measure(string figure)
    {
        string self = typeof(PortableRun).Assembly.Location;
        string host = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info.ArgumentList.Add(self);
        }
        info.ArgumentList.Add(figure);
        info.Environment["HARNESS_WAIT"] = "portable";
        using var p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        foreach (string line in output.Split('\n'))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[0] == figure && double.TryParse(parts[1], CultureInfo.InvariantCulture, out double v))
            {
                return v;
            }
        }
        return null;
    }
}
