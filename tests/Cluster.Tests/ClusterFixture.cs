namespace Cluster.Tests;

/// <summary>One in-process cluster of three silos for the tests that only submit work, and a pool of two workers per silo on it.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessCluster Cluster { get; private set; } = null!;

    public ClusterPool Pool { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Cluster = await InProcessCluster.StartAsync(silos: 3);
        Pool = await ClusterPool.ConnectAsync(Cluster.Client, workersPerSilo: 2);
    }

    public async ValueTask DisposeAsync()
    {
        await Pool.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedCluster : ICollectionFixture<ClusterFixture>
{
    public const string Name = "in-process cluster";
}
