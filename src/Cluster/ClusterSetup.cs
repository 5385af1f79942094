using Harness.Cluster.Workers;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;

namespace Harness.Cluster;

/// <summary>What a silo and a client need for <see cref="ClusterPool"/>.</summary>
public static class ClusterSetup
{
    /// <summary>A task may run this long before its call times out; a lost silo is noticed far sooner (see <see cref="ClusterPool"/>).</summary>
    public static readonly TimeSpan LongestTask = TimeSpan.FromHours(1);

    /// <summary>
    /// Hosts the pool's workers on this silo: the worker grain and the placement that pins each
    /// worker to the silo its pool chose. Every silo of a cluster that runs a <see cref="ClusterPool"/> needs it.
    /// </summary>
    public static ISiloBuilder AddClusterPoolWorkers(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPlacementDirector<PinnedPlacement, PinnedPlacementDirector>();
        builder.Services.AddSerializer(s => s.AddAssembly(typeof(PoolWorkerGrain).Assembly));
        builder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = LongestTask);
        return builder;
    }

    /// <summary>Lets a client wait as long as a pool's task may run (Orleans' default gives up after 30 seconds).</summary>
    public static IClientBuilder AddClusterPoolClient(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSerializer(s => s.AddAssembly(typeof(PoolWorkerGrain).Assembly));
        builder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = LongestTask);
        return builder;
    }

    /// <summary>
    /// Failure detection for silos on one machine: a silo that stops answering is declared dead
    /// after about two seconds of failed probes instead of Orleans' default (tuned for data
    /// centres) of ten or more, so a pool fails or reruns its tasks quickly.
    /// </summary>
    internal static ISiloBuilder UseQuickFailureDetection(this ISiloBuilder builder) =>
        builder.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        });
}
