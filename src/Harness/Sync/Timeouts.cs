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

/// <summary>A point on the monotonic clock by which a wait must end, or none.</summary>
internal readonly struct Deadline
{
    private readonly long _start;
    private readonly int _milliseconds;

    private Deadline(long start, int milliseconds)
    {
        _start = start;
        _milliseconds = milliseconds;
    }

    /// <summary>Starts now; -1: no deadline.</summary>
    public static Deadline In(int milliseconds) => new(System.Diagnostics.Stopwatch.GetTimestamp(), milliseconds);

    public bool IsInfinite => _milliseconds < 0;

    /// <summary>Milliseconds left (-1: no deadline; 0: passed).</summary>
    public int Remaining => _milliseconds < 0 ? -1
        : Math.Max(0, _milliseconds - (int)System.Diagnostics.Stopwatch.GetElapsedTime(_start).TotalMilliseconds);

    /// <summary>What is left, cut to <paramref name="slice"/> (for waits that must look up now and then).</summary>
    public int Slice(int slice) => _milliseconds < 0 ? slice : Math.Min(Remaining, slice);

    public bool HasPassed => _milliseconds >= 0 && Remaining == 0;
}
