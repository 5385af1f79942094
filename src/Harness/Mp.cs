namespace Harness;

/// <summary>The front door, mirroring <c>import multiprocessing as mp</c>.</summary>
public static partial class Mp
{
    /// <summary>The number of logical processors, like <c>mp.cpu_count()</c>.</summary>
    public static int CpuCount => t_cpuCountForTests ?? Environment.ProcessorCount;

    /// <summary>
    /// Set by a test on its own thread to stand in for the machine's core count, so that a verdict
    /// about a pool's default size is the same on every machine.
    /// </summary>
    [ThreadStatic]
    internal static int? t_cpuCountForTests;
}
