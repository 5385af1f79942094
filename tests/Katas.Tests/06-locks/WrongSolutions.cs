using Katas.Locks;

namespace Katas.Tests.Locks;

/// <summary>
/// The classic wrong answers to kata 06, kept so that the tests can prove they catch each of
/// them every time (see <see cref="LockCheckTests"/>). Each has the shape of <see cref="LockKata.Job"/>.
/// </summary>
internal static class WrongSolutions
{
    /// <summary>Forgets the lock: two processes read the same value and both write value + num.</summary>
    public static void NoLock(SharedValue<int> v, int num, MpLock l)
    {
        for (int i = 0; i < 10; i++)
        {
            v.Value += num;
            Console.WriteLine(v.Value);
        }
    }

    /// <summary>Locks only the read: the write happens after the other process has read the old value.</summary>
    public static void LockOnlyTheRead(SharedValue<int> v, int num, MpLock l)
    {
        for (int i = 0; i < 10; i++)
        {
            int x;
            using (l.Hold())
            {
                x = v.Value;
            }
            v.Value = x + num;
            Console.WriteLine(v.Value);
        }
    }

    /// <summary>Locks only the write: the value written was read before the lock, and may be stale.</summary>
    public static void LockOnlyTheWrite(SharedValue<int> v, int num, MpLock l)
    {
        for (int i = 0; i < 10; i++)
        {
            int x = v.Value;
            using (l.Hold())
            {
                v.Value = x + num;
            }
            Console.WriteLine(v.Value);
        }
    }

    /// <summary>Makes its own lock in each process: two locks exclude nobody.</summary>
    public static void OwnLockInEachProcess(SharedValue<int> v, int num, MpLock l)
    {
        using MpLock mine = Mp.Lock();
        using (mine.Hold())
        {
            for (int i = 0; i < 10; i++)
            {
                v.Value += num;
                Console.WriteLine(v.Value);
            }
        }
    }

    /// <summary>Acquires the lock and never releases it: in Python the other process would hang forever.</summary>
    public static void NeverReleases(SharedValue<int> v, int num, MpLock l)
    {
        l.Acquire();
        for (int i = 0; i < 10; i++)
        {
            v.Value += num;
            Console.WriteLine(v.Value);
        }
    }

    public static Action<SharedValue<int>, int, MpLock> ByNumber(int which) => which switch
    {
        0 => LockKata.Job,
        1 => NoLock,
        2 => LockOnlyTheRead,
        3 => LockOnlyTheWrite,
        4 => OwnLockInEachProcess,
        5 => NeverReleases,
        _ => throw new ArgumentOutOfRangeException(nameof(which)),
    };
}
