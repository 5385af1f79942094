using System.Collections.Concurrent;
using Harness.Pools;

namespace Harness.Cluster.Workers;

/// <summary>
/// The worker grain: a stateless worker that a pool pins to a silo. It keeps no state between
/// tasks except, per silo process, the runners of the functions it has seen (resolved once, as
/// a local worker does) and the pools that were terminated.
/// </summary>
[PinnedPlacement]
internal sealed class PoolWorkerGrain(ILocalSiloDetails localSilo) : Grain, IPoolWorkerGrain
{
    private static readonly ConcurrentDictionary<string, FunctionRunner> s_runners = new();
    private static readonly ConcurrentDictionary<string, bool> s_cancelled = new();

    /// <summary>The silo a task runs on, for <see cref="ClusterPool.CurrentSilo"/>; null outside a task.</summary>
    [ThreadStatic]
    private static string? t_currentSilo;

    internal static string? CurrentSilo => t_currentSilo;

    private WorkerThread? _thread;

    private string Silo => localSilo.SiloAddress.ToParsableString();

    public async Task<ChunkReply> Run(ChunkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (s_cancelled.ContainsKey(request.PoolId))
        {
            return Failure(new OperationCanceledException("The pool was terminated before this task started."));
        }
        string silo = Silo;
        // Each worker runs one task at a time, as a local worker process does: the grain takes
        // its calls one at a time, and awaits each task's end on the worker's own thread.
        _thread ??= new WorkerThread($"pool worker {this.GetPrimaryKeyLong(out _)}");
        return await _thread.RunAsync(() => Execute(request, silo)).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _thread?.Stop();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task<SiloFacts> Describe() => Task.FromResult(new SiloFacts(
        Silo, localSilo.SiloAddress.Endpoint.ToString(), Environment.ProcessId, Environment.MachineName, Environment.ProcessorCount));

    public Task Cancel(string poolId)
    {
        if (s_cancelled.Count >= 10_000)
        {
            // Every disposed pool is told to its silos; pools that old have no task left to drop.
            s_cancelled.Clear();
        }
        s_cancelled[poolId] = true;
        return Task.CompletedTask;
    }

    private static ChunkReply Execute(ChunkRequest request, string silo)
    {
        FunctionRunner runner;
        try
        {
            CheckSameBuild(request.Definition, silo);
            runner = s_runners.GetOrAdd(Convert.ToBase64String(request.Definition), key => RemoteTasks.Resolve(request.Definition, out System.Reflection.MethodInfo _));
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or BadImageFormatException or TypeLoadException)
        {
            // The local pool's children refuse another build of the job's assembly; so does a silo,
            // and says which silo and what to do about it.
            return Failure(new InvalidOperationException(
                $"Silo {silo} (pid {Environment.ProcessId}) can't run this task's method: {e.Message} " +
                "A silo runs the build of an assembly it loaded first: start every silo from the same build as the program that submits the work.", e), silo);
        }
        t_currentSilo = silo;
        try
        {
            return new ChunkReply(silo, Environment.ProcessId, RemoteTasks.Run(runner, request.Items), null, null, null, null);
        }
#pragma warning disable CA1031 // What a task throws goes back to the pool; the worker carries on, as in Python.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Failure(e, silo);
        }
        finally
        {
            t_currentSilo = null;
        }
    }

    /// <summary>
    /// A silo runs the build it was started from. The method's assembly must load by name here
    /// (it is part of this build) or sit in this build's folder; a silo never loads code from
    /// another path a client names, which would let any client that reaches it run anything.
    /// </summary>
    /// <exception cref="InvalidOperationException">The assembly is not part of this silo's build.</exception>
    private static void CheckSameBuild(byte[] definition, string silo)
    {
        (string name, string location) = RemoteTasks.AssemblyOf(definition);
        try
        {
            _ = System.Reflection.Assembly.Load(new System.Reflection.AssemblyName(name));
            return;
        }
        catch (IOException)
        {
            // Not part of this build by name: only its own folder may still hold it.
        }
        string folder = Path.GetDirectoryName(typeof(PoolWorkerGrain).Assembly.Location)!;
        if (!string.Equals(Path.GetDirectoryName(Path.GetFullPath(location)), folder, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Silo {silo} runs the build in {folder}, which has no {name.Split(',')[0]}; it does not load {location}, " +
                "a path the client named. Start the silos from the build of the program that submits the work " +
                "(LocalSilos.Start does), or deploy that program's build next to the silo's.");
        }
    }

    private ChunkReply Failure(Exception e) => Failure(e, Silo);

    private static ChunkReply Failure(Exception e, string silo)
    {
        var (type, message, stack, details) = RemoteTasks.DescribeError(e);
        return new ChunkReply(silo, Environment.ProcessId, null, type, message, stack, details);
    }
}
