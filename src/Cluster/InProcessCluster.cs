using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Harness.Cluster;

/// <summary>
/// A real Orleans cluster inside this process, made with Orleans' own TestingHost: every silo
/// is a full silo with its own ports on loopback, membership and grain directory, and calls go
/// through Orleans' serializer and sockets. Only the processes are shared, so nothing has to be
/// started by hand. Tests and kata 08 use it; <see cref="LocalSilos"/> starts silos as processes.
/// </summary>
public sealed class InProcessCluster : IAsyncDisposable, IDisposable
{
    private readonly InProcessTestCluster _cluster;

    private InProcessCluster(InProcessTestCluster cluster) => _cluster = cluster;

    /// <summary>The client connected to the cluster.</summary>
    public IClusterClient Client => _cluster.Client;

    /// <summary>The silos still running, by address.</summary>
    public IReadOnlyList<string> Silos => [.. _cluster.GetActiveSilos().Select(s => s.SiloAddress.ToParsableString())];

    /// <summary>Starts a cluster of <paramref name="silos"/> silos and connects a client to it.</summary>
    public static InProcessCluster Start(int silos = 3) => StartAsync(silos).GetAwaiter().GetResult();

    /// <summary>Like <see cref="Start"/>, without blocking a thread.</summary>
    public static async Task<InProcessCluster> StartAsync(int silos = 3, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(silos, 16);
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        // The client talks to the cluster through the first silo only. With a gateway on every
        // silo, a call to a live silo may travel through one that is then killed, and its answer
        // never comes back (Orleans breaks calls to a dead silo, not calls through one): the pool
        // would wait for the response timeout. Tests and the kata kill the other silos.
        builder.Options.GatewayPerSilo = false;
        builder.ConfigureHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error));
        builder.ConfigureSilo((_, silo) => silo.AddClusterPoolWorkers().UseQuickFailureDetection());
        builder.ConfigureClient(client => client.AddClusterPoolClient());
        InProcessTestCluster cluster = builder.Build();
        try
        {
            await cluster.DeployAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new InProcessCluster(cluster);
    }

    /// <summary>A pool on this cluster's silos; see <see cref="ClusterPool.Connect"/>.</summary>
    public ClusterPool CreatePool(int? workersPerSilo = null) => ClusterPool.Connect(Client, workersPerSilo);

    /// <summary>
    /// Kills a silo at once, as a crash would: its sockets close and it answers nothing more.
    /// (Its threads can't be killed inside this process: a task it was running goes on, unheard.)
    /// The first of <see cref="Silos"/> is the client's gateway: killing it cuts the client off.
    /// </summary>
    /// <exception cref="ArgumentException">No running silo has that address.</exception>
    public async Task KillSiloAsync(string silo, CancellationToken cancellationToken = default)
    {
        InProcessSiloHandle handle = _cluster.GetActiveSilos().FirstOrDefault(s => s.SiloAddress.ToParsableString() == silo)
            ?? throw new ArgumentException($"No running silo of this cluster is {silo}; the silos are: {string.Join(", ", Silos)}.", nameof(silo));
        await _cluster.KillSiloAsync(handle, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the client and every silo.</summary>
    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync().ConfigureAwait(false);

    /// <summary>Stops the client and every silo.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
