using System.Diagnostics;
using Harness;

var sw = Stopwatch.StartNew();
foreach (var file in new[] { "/tmp/hello/out/hello.dll", "/tmp/hello/out2/hello.dll" })
{
    for (int r = 0; r < 2; r++)
    {
        sw.Restart();
        for (int i = 0; i < 10; i++)
        {
            var psi = new ProcessStartInfo("/usr/share/dotnet/dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
            psi.ArgumentList.Add(file);
            using var p = Process.Start(psi)!;
            p.WaitForExit();
        }
        Console.WriteLine($"raw {file} {sw.Elapsed.TotalMilliseconds / 10:F1} ms");
    }
}
double best = double.MaxValue;
for (int r = 0; r < 3; r++)
{
    sw.Restart();
    for (int i = 0; i < 10; i++)
    {
        using var p = Mp.Process(Noop);
        p.Start();
        p.Join();
        if (p.ExitCode != 0) throw new InvalidOperationException(p.Output);
    }
    best = Math.Min(best, sw.Elapsed.TotalMilliseconds / 10);
}
Console.WriteLine($"process_start_join_ms {best:F1} ms");
static void Noop() { }
