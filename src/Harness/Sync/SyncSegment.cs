using Harness.Native;
using Harness.Shared;

namespace Harness.Sync;

/// <summary>
/// A primitive's shared state: 32 bytes of counters at the payload's start, then one
/// <see cref="SemaphoreCell"/> its waiters sleep on.
/// </summary>
internal sealed unsafe class SyncSegment : IDisposable
{
    public const int StateSize = 32;

    /// <summary>
    /// Waiters sleep at most this long before looking at the state again. Posts are anonymous:
    /// a thread that comes back for the next round can take a post meant for one still asleep,
    /// and the slice bounds what that costs the sleeper instead of letting it sleep forever.
    /// </summary>
    public const int SliceMs = 50;

    /// <summary>The next sleep: the remaining time (-1: none) cut to <see cref="SliceMs"/>.</summary>
    public static int Slice(int remainingMs) => remainingMs < 0 ? SliceMs : Math.Min(remainingMs, SliceMs);

    private SyncSegment(SharedSegment segment, SemaphoreCell cell, SemaphoreCell? second)
    {
        Segment = segment;
        Cell = cell;
        Second = second;
    }

    public SharedSegment Segment { get; }

    public SemaphoreCell Cell { get; }

    /// <summary>A second semaphore, for primitives that need a handshake (a condition's acknowledgements); else null.</summary>
    public SemaphoreCell? Second { get; }

    public string Name => Segment.Name;

    /// <summary>The counters, laid out as the primitive's own struct.</summary>
    public byte* State => Segment.Payload;

    public static SyncSegment Create(SegmentKind kind, int initialCount, long length = 0, bool twoCells = false)
    {
        SemaphoreCell? cell = null;
        SemaphoreCell? second = null;
        SharedSegment segment = SharedSegment.Create(kind, StateSize + 2 * SemaphoreCell.Size, s =>
        {
            cell = SemaphoreCell.Create(s.Payload + StateSize, s.Name, initialCount);
            if (twoCells)
            {
                second = SemaphoreCell.Create(s.Payload + StateSize + SemaphoreCell.Size, s.Name + "-2", 0);
            }
        }, length: length);
        return new SyncSegment(segment, cell!, second);
    }

    public static SyncSegment Open(string name, SegmentKind kind, bool twoCells = false)
    {
        SharedSegment segment = SharedSegment.Open(name, kind);
        return new SyncSegment(segment, SemaphoreCell.Open(segment.Payload + StateSize, name),
            twoCells ? SemaphoreCell.Open(segment.Payload + StateSize + SemaphoreCell.Size, name + "-2") : null);
    }

    public void ThrowIfDisposed(object owner) => ObjectDisposedException.ThrowIf(Segment.IsDisposed, owner);

    public void Dispose()
    {
        Cell.Dispose();
        Second?.Dispose();
        Segment.Dispose();
    }
}
