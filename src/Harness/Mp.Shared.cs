namespace Harness;

public static partial class Mp
{
    /// <summary>
    /// A value in shared memory, like <c>mp.Value('d', 1)</c>: <c>Mp.Value(1.0)</c>. Pass it to
    /// children as an argument; every process reads and writes the same memory.
    /// </summary>
    /// <param name="initial">The starting value (default: zero).</param>
    /// <param name="withLock">
    /// True (the default) gives it an <see cref="MpRLock"/> that each get and set takes; false
    /// (Python's <c>lock=False</c>) leaves it unguarded.
    /// </param>
    public static SharedValue<T> Value<T>(T initial = default, bool withLock = true) where T : unmanaged =>
        SharedValue<T>.Create(initial, withLock);

    /// <summary>An array in shared memory holding a copy of <paramref name="initial"/>, like <c>mp.Array('i', [1, 2, 3])</c>.</summary>
    /// <param name="initial">The starting elements; the length is fixed from here on.</param>
    /// <param name="withLock">True (the default) gives it an <see cref="MpRLock"/> that each indexer access takes.</param>
    public static SharedArray<T> Array<T>(ReadOnlySpan<T> initial, bool withLock = true) where T : unmanaged =>
        SharedArray<T>.Create(initial, initial.Length, withLock);

    /// <summary>An array of <paramref name="length"/> zeros in shared memory, like <c>mp.Array('i', 10)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is negative or the array would pass 2 GB.</exception>
    public static SharedArray<T> Array<T>(int length, bool withLock = true) where T : unmanaged =>
        SharedArray<T>.Create([], length, withLock);
}
