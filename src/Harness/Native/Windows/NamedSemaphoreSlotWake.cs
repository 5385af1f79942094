using System.Collections.Concurrent;
using Harness.Shared;

namespace Harness.Native;

// UNTESTED here: written for Windows and run only by the Windows job of ci.yml. The wait table it
// serves runs on Linux too, with FutexSlotWake in its place (HARNESS_WAIT=slots).
/// <summary>
/// Windows: one named kernel semaphore per slot of a segment's wait table
/// (<c>Local\&lt;segment&gt;.w&lt;slot&gt;</c>), made by the first sleeper to use the slot and opened
/// by wakers by name. The kernel drops it with its last handle, so nothing outlives the tree.
/// </summary>
internal sealed unsafe class NamedSemaphoreSlotWake : ISlotWake
{
    private readonly ConcurrentDictionary<(string Segment, int Slot), Semaphore> _handles = new();

    public int Prepare(SharedSegment segment, int index, WaitSlot* slot)
    {
        Semaphore s = Get(segment, index, create: true)!;
        // A signal left by a waker that raced the previous sleeper's timeout is not for this one.
        while (s.WaitOne(0))
        {
        }
        return 0;
    }

    public void Sleep(SharedSegment segment, int index, WaitSlot* slot, int token, int millisecondsTimeout) =>
        Get(segment, index, create: true)!.WaitOne(millisecondsTimeout);

    public void Signal(SharedSegment segment, int index, WaitSlot* slot) =>
        Get(segment, index, create: false)?.Release();

    public void Forget(SharedSegment segment)
    {
        foreach (var key in _handles.Keys.Where(k => k.Segment == segment.Name))
        {
            if (_handles.TryRemove(key, out Semaphore? s))
            {
                s.Dispose();
            }
        }
    }

    private Semaphore? Get(SharedSegment segment, int index, bool create)
    {
        if (!OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Named kernel semaphores are the Windows back-end.");
        }
        if (_handles.TryGetValue((segment.Name, index), out Semaphore? s))
        {
            return s;
        }
        string name = $@"Local\{segment.Name}.w{index}";
        if (create)
        {
            s = new Semaphore(0, int.MaxValue, name);
        }
        else if (!Semaphore.TryOpenExisting(name, out s))
        {
            return null; // the sleeper made it before publishing its slot; gone means it left
        }
        return _handles.GetOrAdd((segment.Name, index), s) is var kept && kept != s ? Dispose(s, kept) : s;
    }

    private static Semaphore Dispose(Semaphore extra, Semaphore kept)
    {
        extra.Dispose();
        return kept;
    }
}
