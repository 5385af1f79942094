using System.Runtime.InteropServices;

namespace Harness.Shared;

/// <summary>What a segment holds; checked when another process opens it by name.</summary>
internal enum SegmentKind
{
    Value = 1,
    Array = 2,
    Lock = 3,
    RLock = 4,
    Semaphore = 5,
    Event = 6,
    Condition = 7,
    Barrier = 8,
    Queue = 9,
}

/// <summary>
/// The first 64 bytes of every segment: enough for a process that opens it by name to check it
/// got what it expected (a SharedValue&lt;double&gt; never reads an int's bytes).
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 64)]
internal struct SegmentHeader
{
    public const uint ExpectedMagic = 0x4753504D; // "MPSG"

    /// <summary>Written last by the creator: a segment without it was never finished.</summary>
    public uint Magic;

    public SegmentKind Kind;

    /// <summary>sizeof(T) for values and arrays; 0 otherwise.</summary>
    public int ElementSize;

    /// <summary>A hash of T's full name, so that two structs of the same size are told apart.</summary>
    public int TypeHash;

    /// <summary>Elements in an array (1 for a value), or the primitive's parameter (a barrier's parties, a bounded semaphore's maximum).</summary>
    public long Length;

    /// <summary>
    /// Test switch for the lock katas, in shared memory so that every process sees it: when above
    /// zero, a SharedValue's setter waits up to this many milliseconds for another process to read
    /// the value before it writes, so a read-modify-write left unlocked loses the update every time.
    /// </summary>
    public int RaceWindowMs;

    /// <summary>Where the segment's wait table starts (see <see cref="Native.SlotBackend"/>), or 0 for a segment nobody waits on.</summary>
    public int WaitTableOffset;

    /// <summary>Counts reads of a SharedValue (all processes), for the race switch.</summary>
    public long ReadSequence;

    /// <summary>Stable FNV-1a hash of a type's full name (string.GetHashCode differs per process).</summary>
    public static int HashOf(Type type)
    {
        uint hash = 2166136261;
        foreach (char c in type.FullName ?? type.Name)
        {
            hash = (hash ^ c) * 16777619;
        }
        return (int)hash;
    }
}
