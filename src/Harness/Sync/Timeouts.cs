namespace Harness.Sync;

/// <summary>Checks and converts the timeouts of the public API.</summary>
internal static class Timeouts
{
    /// <summary>-1 for <see cref="Timeout.InfiniteTimeSpan"/> or null; else whole milliseconds, rounded up.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative (other than infinite) or beyond int.MaxValue ms.</exception>
    public static int ToMilliseconds(TimeSpan? timeout, string paramName)
    {
        if (timeout is not { } t || t == Timeout.InfiniteTimeSpan)
        {
            return -1;
        }
        if (t < TimeSpan.Zero || t.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(paramName, t, "A timeout must be zero or positive (or Timeout.InfiniteTimeSpan to wait forever).");
        }
        return (int)Math.Ceiling(t.TotalMilliseconds);
    }
}
