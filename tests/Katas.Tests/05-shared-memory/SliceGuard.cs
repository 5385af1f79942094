using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Katas.Tests.SharedMemoryKatas;

/// <summary>
/// Runs a worker's job in its child process with every page of the shared arrays that lies wholly
/// outside the worker's own part made read-only: a write outside it (a neighbour's element, or a
/// copy of the whole array written back) then crashes the child at once, every run, instead of
/// corrupting a neighbour only when the two happen to overlap in time. Reads stay allowed.
/// </summary>
/// <remarks>
/// The one OS-specific part is <see cref="Protect"/>: mprotect on Linux and macOS. Elsewhere the
/// pages stay writable and the checks fall back on the values alone.
/// </remarks>
internal static unsafe partial class SliceGuard
{
    private const int ProtRead = 1;
    private const int ProtWrite = 2;

    /// <summary>Makes the whole pages of [start, end) that lie outside [ownStart, ownEnd) read-only; returns what to undo.</summary>
    public static List<(nint Address, nuint Length)> ProtectAllBut(void* start, long length, void* ownStart, long ownLength)
    {
        var done = new List<(nint, nuint)>();
        if (OperatingSystem.IsWindows())
        {
            return done;
        }
        long page = Environment.SystemPageSize;
        long first = (long)start / page * page;
        long last = ((long)start + length + page - 1) / page * page;
        long mineFrom = (long)ownStart / page * page;                            // the page holding the first own byte stays writable
        long mineTo = ((long)ownStart + ownLength + page - 1) / page * page;    // and so does the one holding the last
        if (ownLength == 0)
        {
            mineFrom = mineTo = first;
        }
        foreach (var (from, to) in new[] { (first, mineFrom), (mineTo, last) })
        {
            if (to > from)
            {
                Protect((nint)from, (nuint)(to - from), ProtRead);
                done.Add(((nint)from, (nuint)(to - from)));
            }
        }
        return done;
    }

    public static void Undo(List<(nint Address, nuint Length)> protectedPages)
    {
        foreach (var (address, length) in protectedPages)
        {
            Protect(address, length, ProtRead | ProtWrite);
        }
    }

    public static void* AddressOf<T>(Span<T> span) where T : unmanaged => Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));

    private static void Protect(nint address, nuint length, int protection)
    {
        if (MProtect(address, length, protection) != 0)
        {
            throw new InvalidOperationException($"mprotect failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static partial int MProtect(nint address, nuint length, int protection);
}
