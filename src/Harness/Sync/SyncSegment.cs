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

    public static SyncSegment Create(SegmentKind kind, Action<SharedSegment>? initialize = null, long length = 0) =>
        new(SharedSegment.Create(kind, StateSize, initialize, length: length));

    public static SyncSegment Open(string name, SegmentKind kind) => new(SharedSegment.Open(name, kind));

    public void ThrowIfDisposed(object owner) => ObjectDisposedException.ThrowIf(Segment.IsDisposed, owner);

    public void Dispose() => Segment.Dispose();
}
