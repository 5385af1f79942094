namespace Harness.Tests.SharedMemory;

public sealed class CrossingTests
{
    public sealed record Work(SharedArray<long> Data, MpLock Lock, int Times);

    private static void AddUnderLock(Work w)
    {
        for (int i = 0; i < w.Times; i++)
        {
            using (w.Lock.Hold())
            {
                w.Data[0] += 1;
            }
        }
    }

    private static void AddAtomically(SharedArray<long>[] counters, int times)
    {
        for (int i = 0; i < times; i++)
        {
            foreach (SharedArray<long> c in counters)
            {
                Interlocked.Increment(ref c.AsSpan()[0]);
            }
        }
    }

    [Fact]
    public void Shared_objects_inside_a_record_cross_by_name()
    {
        using var data = Mp.Array<long>(1, withLock: false);
        using var l = Mp.Lock();
        var work = new Work(data, l, 5_000);
        using var p1 = Children.Start(Mp.Process(AddUnderLock, work));
        using var p2 = Children.Start(Mp.Process(AddUnderLock, work));
        p1.JoinOk();
        p2.JoinOk();

        data[0].Should().Be(10_000, "both children used the same array and the same lock, found by name inside the record");
    }

    [Fact]
    public void An_array_of_values_crosses_and_atomic_increments_lose_nothing()
    {
        using var a = Mp.Array<long>(1, withLock: false);
        using var b = Mp.Array<long>(1, withLock: false);
        SharedArray<long>[] counters = [a, b];
        using var p1 = Children.Start(Mp.Process(AddAtomically, counters, 20_000));
        using var p2 = Children.Start(Mp.Process(AddAtomically, counters, 20_000));
        p1.JoinOk();
        p2.JoinOk();

        a[0].Should().Be(40_000, "Interlocked on shared memory is atomic across processes too");
        b[0].Should().Be(40_000);
    }
}
