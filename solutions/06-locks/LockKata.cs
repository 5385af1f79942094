using Harness;

namespace Katas.Locks;

/// <summary>What <see cref="LockKata.MultiCore"/> returns: the final total and the two finished processes.</summary>
/// <param name="Total">The shared counter's value after both processes have finished.</param>
/// <param name="First">The process that added 1 ten times.</param>
/// <param name="Second">The process that added 3 ten times.</param>
public sealed record CounterRun(int Total, MpProcess First, MpProcess Second);

/// <summary>Kata 06: guard a shared counter with a lock so that no update is lost.</summary>
public static class LockKata
{
    /// <summary>
    /// The course's job: holding <paramref name="l"/> for the whole loop, adds <paramref name="num"/>
    /// to <paramref name="v"/> ten times, printing the value after each addition.
    /// </summary>
    public static void Job(SharedValue<int> v, int num, MpLock l)
    {
        // Lock before you update a shared value: `v.Value += num` is a read and then a write,
        // and another process must not slip in between. Holding the lock around the whole loop
        // also keeps this process's ten prints together, as in the course.
        using (l.Hold())
        {
            for (int i = 0; i < 10; i++)
            {
                v.Value += num;
                Console.WriteLine(v.Value);
            }
        }
    }

    /// <summary>
    /// The course's <c>multicore()</c>: one lock, one shared int starting at 0, two processes
    /// running <see cref="Job"/> with 1 and with 3, both started, then both joined.
    /// </summary>
    public static CounterRun MultiCore()
    {
        using MpLock l = Mp.Lock();
        using SharedValue<int> v = Mp.Value(0);
        var p1 = Mp.Process(Job, v, 1, l);
        var p2 = Mp.Process(Job, v, 3, l);
        p1.Start();
        p2.Start();
        p1.Join();
        p2.Join();
        return new CounterRun(v.Value, p1, p2);
    }
}
