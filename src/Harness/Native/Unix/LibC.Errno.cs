namespace Harness.Native;

/// <summary>The libc functions the harness calls, one file per function.</summary>
internal static partial class LibC
{
    // Linux's errno values.
    internal const int EINTR = 4;
    internal const int EAGAIN = 11;
    internal const int ETIMEDOUT = 110;
}
