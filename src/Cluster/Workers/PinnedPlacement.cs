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
/// the silo. A worker belongs to its silo: when that silo is gone the worker is gone too, and a
/// call to it fails (the pool then runs its task elsewhere or fails it) rather than quietly
/// starting the worker on another silo, which would hide the loss from the pool.
/// </summary>
internal sealed class PinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        target.GrainIdentity.GetIntegerKey(out string? extension);
        string wanted = WorkerKey.Silo(extension)
            ?? throw new InvalidOperationException($"A pool worker's key names no silo: {target.GrainIdentity}.");
        SiloAddress pinned = context.GetCompatibleSilos(target).FirstOrDefault(s => s.ToParsableString() == wanted)
            ?? throw new SiloUnavailableException($"Silo {wanted}, which this pool worker belongs to, is not in the cluster any more.");
        return Task.FromResult(pinned);
    }
}

/// <summary>The extension of a worker's key: the pool's id and the silo the worker is pinned to.</summary>
internal static class WorkerKey
{
    public static string Extension(string poolId, string silo) => $"{poolId}|{silo}";

    public static string? Silo(string? extension) =>
        extension?.IndexOf('|', StringComparison.Ordinal) is int bar and >= 0 ? extension[(bar + 1)..] : null;
}
