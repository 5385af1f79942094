using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Harness.Cluster;

/// <summary>
/// Silos as separate processes on this machine, clustered over loopback. Each is started the way
/// the harness starts any child process: under this program's runtime configuration and
/// dependency file, so every silo loads this very build of this program's assemblies and can run
/// any of its static methods. A fresh cluster id and free ports keep them apart from other
/// clusters on the machine. The first silo keeps the cluster's membership: kill the others.
/// </summary>
public sealed class LocalSilos : IDisposable
{
    private readonly List<MpProcess> _processes;
    private readonly string _clusterId;
    private readonly int[] _gatewayPorts;

    private LocalSilos(List<MpProcess> processes, string clusterId, int[] gatewayPorts)
    {
        _processes = processes;
        _clusterId = clusterId;
        _gatewayPorts = gatewayPorts;
    }

    /// <summary>
    /// How long <see cref="Start"/> waits for each silo by default: 5 minutes. A silo's start is
    /// seconds on a quiet machine, but each silo process compiles Orleans' start-up code afresh,
    /// and on a machine loaded many times over its cores that has taken over 2 minutes.
    /// </summary>
    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The silo processes, the first one keeping the cluster's membership.</summary>
    public IReadOnlyList<MpProcess> Processes => _processes;

    /// <summary>
    /// Starts <paramref name="count"/> silo processes and waits until each takes work.
    /// </summary>
    /// <param name="count">How many silos, 1 to 16.</param>
    /// <param name="output">Where the silos' output goes (default: this console, each line prefixed with the silo's name).</param>
    /// <param name="timeout">How long to wait for each silo to be ready (default <see cref="DefaultStartTimeout"/>, for a heavily loaded machine).</param>
    /// <exception cref="TimeoutException">A silo was not ready in time; every silo started is stopped.</exception>
    /// <exception cref="InvalidOperationException">A silo exited while starting; the message has its output.</exception>
    public static LocalSilos Start(int count = 3, TextWriter? output = null, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 16);
        string clusterId = $"mp-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";
        int[] siloPorts = [.. Enumerable.Range(0, count).Select(_ => SiloHost.FreePort())];
        int[] gatewayPorts = [.. Enumerable.Range(0, count).Select(_ => SiloHost.FreePort())];
        var processes = new List<MpProcess>();
        var silos = new LocalSilos(processes, clusterId, gatewayPorts);
        try
        {
            for (int i = 0; i < count; i++)
            {
                MpProcess p = Mp.Process(SiloHost.RunChild, clusterId, siloPorts[i], gatewayPorts[i], siloPorts[0]);
                p.Name = $"silo-{i + 1}";
                p.Daemon = true;
                if (output is not null)
                {
                    p.OutputWriter = output;
                }
                processes.Add(p);
                p.Start();
                if (i == 0)
                {
                    // The others join the first: it must be up before they look for it.
                    WaitReady(p, timeout);
                }
            }
            foreach (MpProcess p in processes.Skip(1))
            {
                WaitReady(p, timeout);
            }
        }
        catch
        {
            silos.Dispose();
            throw;
        }
        return silos;
    }

    /// <summary>A pool on these silos, with a client of its own that the pool closes when disposed.</summary>
    /// <remarks>
    /// The client goes through the first silo's gateway only. A client's call travels through a
    /// gateway silo to the silo running the task, so a call through a silo that dies is lost with
    /// it even when the task's own silo lives on (the pool would take that for the loss of the
    /// task's silo). The first silo keeps the membership: the cluster stands or falls with it
    /// anyway, so killing any other silo never breaks a call to the silos left.
    /// </remarks>
    public ClusterPool CreatePool(int? workersPerSilo = null) => ConnectPool(_clusterId, [_gatewayPorts[0]], workersPerSilo);

    /// <summary>
    /// A pool on the silos that <c>dotnet run --project src/Cluster -- silo</c> started on this machine,
    /// with a client of its own that the pool closes when disposed.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such silo is running.</exception>
    public static ClusterPool ConnectDefault(int? workersPerSilo = null)
    {
        int[] gateways = SiloHost.ListeningGateways();
        if (gateways.Length == 0)
        {
            throw new InvalidOperationException(
                $"No silo is running on this machine (no gateway on ports {SiloHost.FirstGatewayPort} to {SiloHost.FirstGatewayPort + SiloHost.MaxSilos - 1}). " +
                "Start some, one per terminal: dotnet run --project src/Cluster -- silo");
        }
        return ConnectPool(SiloHost.DefaultClusterId, gateways, workersPerSilo);
    }

    /// <summary>Kills silo <paramref name="index"/> (SIGKILL), as a crash would.</summary>
    public void Kill(int index) => _processes[index].Kill();

    /// <summary>Stops every silo: asks each to shut down, then kills any still running after 10 seconds.</summary>
    public void Dispose()
    {
        foreach (MpProcess p in _processes.Where(p => p.Pid is not null && p.IsAlive))
        {
            p.Terminate();
        }
        var deadline = Stopwatch.StartNew();
        foreach (MpProcess p in _processes.Where(p => p.Pid is not null))
        {
            TimeSpan left = TimeSpan.FromSeconds(10) - deadline.Elapsed;
            if (!p.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                p.Kill();
                p.Join(TimeSpan.FromSeconds(10));
            }
            p.Dispose();
        }
    }

    private static ClusterPool ConnectPool(string clusterId, int[] gateways, int? workersPerSilo)
    {
        IHost client = SiloHost.StartClientAsync(clusterId, gateways, CancellationToken.None).GetAwaiter().GetResult();
        var owned = new OwnedHost(client);
        try
        {
            return ClusterPool.ConnectAsync(client.Services.GetRequiredService<IClusterClient>(), workersPerSilo, owned, CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch
        {
            owned.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    private static void WaitReady(MpProcess silo, TimeSpan? timeout)
    {
        TimeSpan limit = timeout ?? DefaultStartTimeout;
        var clock = Stopwatch.StartNew();
        // The silo says when it takes work; its output is all there is to wait on across processes.
        while (!silo.Output.Contains(SiloHost.ReadyMarker, StringComparison.Ordinal))
        {
            if (silo.Join(TimeSpan.FromMilliseconds(100)))
            {
                throw new InvalidOperationException($"{silo.Name} exited while starting (exit code {silo.ExitCode}). It printed:{Environment.NewLine}{silo.Output}");
            }
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException(
                    $"{silo.Name} (pid {silo.Pid}) did not say it was ready within {limit.TotalSeconds:F0} s, so every silo started was stopped. " +
                    "A silo starts in seconds on a quiet machine; this one is too busy, or the silo is stuck. " +
                    $"Try again when the machine is quieter, or pass a longer timeout to LocalSilos.Start. It printed:{Environment.NewLine}{silo.Output}");
            }
        }
    }

    /// <summary>A client host that a pool stops and disposes along with itself.</summary>
    private sealed class OwnedHost(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await host.StopAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A client whose cluster is gone may not stop cleanly: it is disposed all the same.
            }
            host.Dispose();
        }
    }
}
