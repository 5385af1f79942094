using Harness.Native;
using Harness.Shared;

namespace Harness.Sync;

/// <summary>
/// A primitive's shared state: <see cref="StateSize"/> bytes at the payload's start, laid out as
/// the primitive's own struct, whose 32-bit words its waiters sleep on (<see cref="WaitWord"/>).
/// </summary>
internal sealed unsafe class SyncSegment : IDisposable
{
    public const int StateSize = 32;

    private SyncSegment(SharedSegment segment) => Segment = segment;

    public SharedSegment Segment { get; }

    public string Name => Segment.Name;

    /// <summary>The state, laid out as the primitive's own struct.</summary>
    public byte* State => Segment.Payload;

    /// <summary>A word of the state to sleep on and wake.</summary>
    public WaitWord Word(int* address) => new(Segment, address);

    /// <summary>The bytes after the state (the extra bytes asked of <see cref="Create"/>), e.g. a barrier's action.</summary>
    public byte* Extra => State + StateSize;

    /// <summary>How many bytes after the state belong to the primitive: at most what its creator asked for, rounded up.</summary>
    public long ExtraCapacity => (Segment.Header->WaitTableOffset is > 0 and var table ? table : Segment.Size) - SharedSegment.HeaderSize - StateSize;

    /// <param name="kind">What it will hold.</param>
    /// <param name="initialize">Fills the state (and the extra bytes) before the segment is marked complete.</param>
    /// <param name="length">The primitive's parameter (see <see cref="SegmentHeader.Length"/>).</param>
    /// <param name="extraBytes">Room to keep after the state, read through <see cref="Extra"/>.</param>
    public static SyncSegment Create(SegmentKind kind, Action<SharedSegment>? initialize = null, long length = 0, int extraBytes = 0) =>
        new(SharedSegment.Create(kind, StateSize + (long)extraBytes, initialize, length: length));

    public static SyncSegment Open(string name, SegmentKind kind) => new(SharedSegment.Open(name, kind));

    public void ThrowIfDisposed(object owner) => ObjectDisposedException.ThrowIf(Segment.IsDisposed, owner);

    public void Dispose() => Segment.Dispose();
}
