namespace Harness.Shared;

internal static unsafe class ElementCheck
{
    /// <summary>Refuses to view a segment's bytes as a type other than the one it was made for.</summary>
    public static void ThrowIfMismatch<T>(SharedSegment segment) where T : unmanaged
    {
        SegmentHeader* h = segment.Header;
        if (h->ElementSize != sizeof(T) || h->TypeHash != SegmentHeader.HashOf(typeof(T)))
        {
            throw new InvalidOperationException(
                $"The shared segment '{segment.Name}' holds {h->ElementSize}-byte elements of another type, not {typeof(T).FullName}: open it with the type it was created with.");
        }
        long needed = SharedSegment.HeaderSize + h->Length * sizeof(T);
        if (h->Length < 0 || h->Length > int.MaxValue || needed > segment.Size)
        {
            throw new InvalidOperationException($"The shared segment '{segment.Name}' is shorter than its header says; it is corrupt.");
        }
    }
}
