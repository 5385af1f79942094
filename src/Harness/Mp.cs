namespace Harness;

/// <summary>The front door, mirroring <c>import multiprocessing as mp</c>.</summary>
public static partial class Mp
{
    /// <summary>The number of logical processors, like <c>mp.cpu_count()</c>.</summary>
    public static int CpuCount => Environment.ProcessorCount;
}
