using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Harness.Cluster.Workers;

/// <summary>Places a worker on the silo named in its key, so that a pool decides the spread itself.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
internal sealed class PinnedPlacement : PlacementStrategy
{
}

/// <summary>Marks a grain class as placed by <see cref="PinnedPlacementDirector"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class PinnedPlacementAttribute : PlacementAttribute
{
    public PinnedPlacementAttribute() : base(new PinnedPlacement())
    {
    }
}

/// <summary>
/// A worker's key is (number, "pool|silo"). Orleans' own strategies place by hash or at random,
/// which leaves some silos with two workers of a pool and others with none; here the pool names
/// the silo. A worker whose silo is gone (it died, the pool retries elsewhere) goes to the
/// silo its number picks among those left, so it still lands somewhere alive.
/// </summary>
internal sealed class PinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        SiloAddress[] silos = [.. context.GetCompatibleSilos(target).OrderBy(s => s)];
        long number = target.GrainIdentity.GetIntegerKey(out string? extension);
        if (WorkerKey.Silo(extension) is { } wanted && silos.FirstOrDefault(s => s.ToParsableString() == wanted) is { } pinned)
        {
            return Task.FromResult(pinned);
        }
        return Task.FromResult(silos[(int)(Math.Abs(number) % silos.Length)]);
    }
}

/// <summary>The extension of a worker's key: the pool's id and the silo the worker is pinned to.</summary>
internal static class WorkerKey
{
    public static string Extension(string poolId, string silo) => $"{poolId}|{silo}";

    public static string? Silo(string? extension) =>
        extension?.IndexOf('|', StringComparison.Ordinal) is int bar and >= 0 ? extension[(bar + 1)..] : null;
}
