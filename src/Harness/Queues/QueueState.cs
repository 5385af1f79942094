using System.Runtime.InteropServices;

namespace Harness.Queues;

/// <summary>The queue's counters, at the start of its segment's payload.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal unsafe struct QueueState
{
    // Producers write the first cache line, consumers the second: kept apart so that a put and
    // a get running at the same time don't fight over one line (false sharing).

    /// <summary>Bytes ever published: only whole items lie before it.</summary>
    [FieldOffset(0)] public long Tail;

    [FieldOffset(8)] public long ItemsPut;

    /// <summary>Items put and not yet marked done (joinable queues).</summary>
    [FieldOffset(16)] public long Unfinished;

    /// <summary>Bytes ever taken: the ring offset of the next item to read is Head % Capacity.</summary>
    [FieldOffset(64)] public long Head;

    [FieldOffset(72)] public long ItemsTaken;

    /// <summary>Threads (of any process) asleep, or about to sleep, on each wait word below.</summary>
    [FieldOffset(128)] public int ItemWaiters;

    [FieldOffset(132)] public int SlotWaiters;

    [FieldOffset(136)] public int JoinWaiters;

    [FieldOffset(140)] public int Capacity;

    [FieldOffset(144)] public int MaxSize;

    /// <summary>Pipe ends that send on this queue and could not claim a slot below: never inferred gone.</summary>
    [FieldOffset(148)] public int UntrackedWriters;

    /// <summary>
    /// The pids of the pipe ends that send on this queue, one slot per open end (0: free). The
    /// reader sees the end of the stream when no slot names a live process.
    /// </summary>
    [FieldOffset(152)] public fixed int WriterPids[QueueCore.WriterSlots];

    // Wait words (see WaitBackend): each is bumped before its sleepers are woken.

    /// <summary>Consumers sleep on it while the queue is empty: bumped by a Put that finds them, and by a pipe end's Close.</summary>
    [FieldOffset(216)] public int GetSignal;

    /// <summary>Producers sleep on it while the queue is full: bumped by a Get that finds them.</summary>
    [FieldOffset(220)] public int PutSignal;

    /// <summary>Join sleeps on it: bumped when the last unfinished item is marked done.</summary>
    [FieldOffset(224)] public int DoneSignal;
}
