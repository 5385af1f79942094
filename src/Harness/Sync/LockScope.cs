namespace Harness;

/// <summary>Something a <see cref="LockScope"/> lets go of.</summary>
internal interface IReleasable
{
    void Release();
}

/// <summary>
/// A held lock, released when disposed: <c>using (l.Hold()) { ... }</c> is Python's <c>with l: ...</c>.
/// </summary>
/// <remarks>Dispose each scope once; the default value releases nothing.</remarks>
public readonly struct LockScope : IDisposable, IEquatable<LockScope>
{
    private readonly IReleasable? _held;

    internal LockScope(IReleasable held) => _held = held;

    /// <summary>Releases what <c>Hold()</c> acquired.</summary>
    public void Dispose() => _held?.Release();

    /// <inheritdoc />
    public bool Equals(LockScope other) => ReferenceEquals(_held, other._held);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is LockScope other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _held?.GetHashCode() ?? 0;

    /// <summary>Whether two scopes release the same object.</summary>
    public static bool operator ==(LockScope left, LockScope right) => left.Equals(right);

    /// <summary>Whether two scopes release different objects.</summary>
    public static bool operator !=(LockScope left, LockScope right) => !left.Equals(right);
}
