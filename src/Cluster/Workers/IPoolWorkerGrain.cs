using Orleans.Concurrency;

namespace Harness.Cluster.Workers;

/// <summary>
/// A pool worker on a silo: runs one task at a time, like a local pool's worker process. Its key
/// is the worker's number and, as the key's extension, the pool and the silo it is pinned to
/// (<see cref="PinnedPlacementDirector"/>), so a pool spreads its workers evenly over the silos.
/// </summary>
internal interface IPoolWorkerGrain : IGrainWithIntegerCompoundKey
{
    /// <summary>Runs one chunk: the function on every item, as a local worker does.</summary>
    Task<ChunkReply> Run(ChunkRequest request);

    /// <summary>Which silo this worker lives on. Answers even while a task runs.</summary>
    [AlwaysInterleave]
    Task<SiloFacts> Describe();

    /// <summary>
    /// Marks a pool terminated on this worker's silo: tasks of it that have not started yet end
    /// with <see cref="OperationCanceledException"/> instead of running.
    /// </summary>
    [AlwaysInterleave]
    Task Cancel(string poolId);
}

/// <summary>One task: a function definition and a chunk of items, in the local pool's encodings.</summary>
[GenerateSerializer, Immutable]
internal sealed record ChunkRequest(
    [property: Id(0)] string PoolId,
    [property: Id(1)] long TaskId,
    [property: Id(2)] byte[] Definition,
    [property: Id(3)] byte[] Items);

/// <summary>A task's outcome: the serialized results, or what the function threw.</summary>
[GenerateSerializer, Immutable]
internal sealed record ChunkReply(
    [property: Id(0)] string Silo,
    [property: Id(1)] int Pid,
    [property: Id(2)] byte[]? Results,
    [property: Id(3)] string? ErrorType,
    [property: Id(4)] string? ErrorMessage,
    [property: Id(5)] string? ErrorStackTrace,
    [property: Id(6)] string? ErrorDetails);

/// <summary>A silo as a worker on it sees it.</summary>
[GenerateSerializer, Immutable]
internal sealed record SiloFacts(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Address,
    [property: Id(2)] int Pid,
    [property: Id(3)] string Machine,
    [property: Id(4)] int ProcessorCount);
