namespace Harness;

public static partial class Mp
{
    /// <summary>
    /// Starts a pool of worker processes, like <c>mp.Pool(processes, maxtasksperchild=...)</c>.
    /// Returns at once; tasks wait until a worker is up.
    /// </summary>
    /// <param name="processes">How many workers; null means <see cref="CpuCount"/>.</param>
    /// <param name="maxTasksPerChild">Tasks (chunks) a worker runs before it is replaced by a fresh one; null means no limit.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count below 1.</exception>
    public static MpPool Pool(int? processes = null, int? maxTasksPerChild = null)
    {
        int count = processes ?? CpuCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(processes));
        if (maxTasksPerChild is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(maxTasksPerChild));
        }
        return new MpPool(count, maxTasksPerChild);
    }
}
