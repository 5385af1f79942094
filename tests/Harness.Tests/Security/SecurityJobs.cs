using Harness.Processes;

namespace Harness.Tests.Security;

/// <summary>Jobs the planting tests run in child processes.</summary>
internal static class SecurityJobs
{
    public const string Hello = "grandchild started fine";

    public static void SayHello() => Console.WriteLine(Hello);

    /// <summary>
    /// Starts a grandchild the way an app with no runtimeconfig.json beside it would (the harness
    /// writes one), then prints how that went: the grandchild's exit code and output, the private
    /// folder chosen and what was refused on the way.
    /// </summary>
    public static void StartGrandchildWithWrittenRuntimeConfig()
    {
        ChildLauncher.IgnoreAppRuntimeConfig = true;
        using var g = Mp.Process(SayHello);
        g.OutputWriter = TextWriter.Null;
        g.Start();
        bool ended = g.Join(TimeSpan.FromSeconds(60));
        Console.WriteLine($"ended={ended} exit={g.ExitCode}");
        Console.WriteLine($"grandchild: {g.Output.Trim()}");
        Console.WriteLine($"folder: {PrivateFolder.Path}");
        foreach (string w in PrivateFolder.Warnings)
        {
            Console.WriteLine($"warning: {w}");
        }
    }

    /// <summary>Opens a shared value passed by name and prints it.</summary>
    public static void ReadValue(SharedValue<int> v) => Console.WriteLine($"value={v.Value}");
}
