using Harness;

namespace Katas.Locks;

// Kata 06: guard a shared counter with a lock so that no update is lost.
// Read README.md in this folder first. Run the tests with:
//   kata check 06-locks

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
        // TODO: hold l around a loop that adds num to v.Value ten times and prints v.Value each time
        throw new NotImplementedException();
    }

    /// <summary>
    /// The course's <c>multicore()</c>: one lock, one shared int starting at 0, two processes
    /// running <see cref="Job"/> with 1 and with 3, both started, then both joined.
    /// </summary>
    public static CounterRun MultiCore()
    {
        // TODO: Mp.Lock(), Mp.Value(0), two processes (num 1 and 3), start both, join both, return the total
        throw new NotImplementedException();
    }
}
