using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;

namespace Harness.Cluster;

/// <summary>
/// A silo on this machine, clustered over loopback with Orleans' localhost clustering: the first
/// silo (on the primary port) keeps the cluster's membership, the others join it. Used by
/// <c>dotnet run --project src/Cluster -- silo</c> and by <see cref="LocalSilos"/>.
/// </summary>
internal static class SiloHost
{
    /// <summary>The cluster that the silo command makes when no other is named.</summary>
    public const string DefaultClusterId = "mp-local";

    public const string ServiceId = "mp-pool";

    /// <summary>Silo-to-silo port of the first silo; the others take the next free ones.</summary>
    public const int PrimarySiloPort = 11111;

    /// <summary>Client port of the first silo; the others take the next free ones.</summary>
    public const int FirstGatewayPort = 30000;

    /// <summary>How many silos of the default cluster one machine may run (ports tried).</summary>
    public const int MaxSilos = 32;

    /// <summary>The line a silo prints once it takes work; <see cref="LocalSilos"/> waits for it.</summary>
    public const string ReadyMarker = "ready: silo port";

    /// <summary>
    /// Runs a silo of the default cluster until Ctrl+C: the first free pair of ports from
    /// 11111/30000 on, so each terminal that runs it adds one silo.
    /// </summary>
    public static async Task<int> RunDefaultAsync(CancellationToken cancellationToken)
    {
        for (int offset = 0; offset < MaxSilos; offset++)
        {
            int siloPort = PrimarySiloPort + offset, gatewayPort = FirstGatewayPort + offset;
            // Orleans binds its ports with address reuse, so a free port proves nothing while
            // another silo is starting: each pair of ports is claimed first by locking a file
            // (released by the OS when this process ends, however it ends).
            using FileStream? claim = TryClaim(offset);
            if (claim is null || !IsFree(siloPort) || !IsFree(gatewayPort))
            {
                continue;
            }
            IHost host = Build(DefaultClusterId, siloPort, gatewayPort, PrimarySiloPort);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The host cancels its start when the process is told to stop (Ctrl+C, SIGTERM, SIGHUP
                // when its terminal closes); Orleans then reports a TaskCanceledException from Silo.StartAsync.
                host.Dispose();
                await Console.Error.WriteLineAsync(
                    "The silo was told to stop (Ctrl+C, or a stop signal such as its terminal closing) while it was starting, " +
                    "before it was ready, so it stopped; nothing of it is left running. Start it again: " +
                    "dotnet run --project src/Cluster -- silo (on a busy machine a silo's first start can take a minute or more: wait for 'ready').")
                    .ConfigureAwait(false);
                return 1;
            }
#pragma warning disable CA1031 // Any other start failure is reported in a sentence, with Orleans' own words.
            catch (Exception e)
#pragma warning restore CA1031
            {
                host.Dispose();
                await Console.Error.WriteLineAsync(
                    $"The silo could not start on ports {siloPort}/{gatewayPort} ({clock.Elapsed.TotalSeconds:F0} s into its start): " +
                    $"{e.GetType().Name}: {e.Message}").ConfigureAwait(false);
                return 1;
            }
            string role = siloPort == PrimarySiloPort
                ? "the first silo: it keeps the cluster's membership, so stop it last"
                : $"joined the first silo at port {PrimarySiloPort}";
            Console.WriteLine($"Silo of cluster '{DefaultClusterId}' {ReadyMarker} {siloPort}, gateway port {gatewayPort}, pid {Environment.ProcessId} ({role}).");
            Console.WriteLine("Press Ctrl+C to stop it.");
            await host.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
            host.Dispose();
            return 0;
        }
        await Console.Error.WriteLineAsync($"No free pair of ports between {PrimarySiloPort}/{FirstGatewayPort} and {PrimarySiloPort + MaxSilos - 1}/{FirstGatewayPort + MaxSilos - 1}: stop some silos first.").ConfigureAwait(false);
        return 1;
    }

    private static FileStream? TryClaim(int offset)
    {
        string path = Path.Combine(Path.GetTempPath(), $"mp-cluster-{DefaultClusterId}-{offset}.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null; // another silo of this machine holds this pair of ports
        }
    }

    /// <summary>The job of a silo process started by <see cref="LocalSilos"/>: runs until it is stopped or its parent exits.</summary>
    public static void RunChild(string clusterId, int siloPort, int gatewayPort, int primaryPort)
    {
        ResolveFromThisBuild();
        using IHost host = Build(clusterId, siloPort, gatewayPort, primaryPort);
        host.Start();
        Console.WriteLine($"Silo of cluster '{clusterId}' {ReadyMarker} {siloPort}, gateway port {gatewayPort}, pid {Environment.ProcessId}.");
        host.WaitForShutdown();
    }

    /// <summary>
    /// A child runs under its parent's dependency file when the parent is the app itself, but a
    /// test host's entry is the runner, not the test assembly: then assemblies the silo needs
    /// (Orleans scans for all of its parts at start) are not listed. They are all in the folder of
    /// this build, next to this assembly: load them from there, and only from there.
    /// </summary>
    private static void ResolveFromThisBuild()
    {
        string folder = Path.GetDirectoryName(typeof(SiloHost).Assembly.Location)!;
        System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += (context, name) =>
            Path.Combine(folder, name.Name + ".dll") is { } path && File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    }

    private static IHost Build(string clusterId, int siloPort, int gatewayPort, int primaryPort)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Quiet(builder.Logging);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort, gatewayPort, new IPEndPoint(IPAddress.Loopback, primaryPort), ServiceId, clusterId)
            .AddClusterPoolWorkers()
            .UseQuickFailureDetection());
        return builder.Build();
    }

    /// <summary>Starts a client of a loopback cluster whose gateways listen on <paramref name="gatewayPorts"/>.</summary>
    public static async Task<IHost> StartClientAsync(string clusterId, int[] gatewayPorts, CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Quiet(builder.Logging);
        builder.UseOrleansClient(client => client
            .UseLocalhostClustering(gatewayPorts, ServiceId, clusterId)
            .AddClusterPoolClient());
        IHost host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return host;
    }

    /// <summary>The gateway ports of the default cluster's silos that are listening now.</summary>
    public static int[] ListeningGateways() =>
        [.. Enumerable.Range(FirstGatewayPort, MaxSilos).Where(p => !IsFree(p))];

    /// <summary>A port nobody listens on now (the OS picks it); the caller binds it soon after.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Orleans logs a great deal at Information; a silo's console shows warnings and errors only.</summary>
    private static void Quiet(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o => o.SingleLine = true);
        logging.SetMinimumLevel(LogLevel.Warning);
    }
}
