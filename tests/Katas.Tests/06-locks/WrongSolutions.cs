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

    /// <summary>Holds the lock for each addition instead of around the loop: no update is lost, but the processes take turns.</summary>
    public static void LockPerAddition(SharedValue<int> v, int num, MpLock l)
    {
        for (int i = 0; i < 10; i++)
        {
            using (l.Hold())
            {
                v.Value += num;
                Console.WriteLine(v.Value);
            }
        }
    }

    /// <summary>Starts and joins the first process before the second: they never overlap, so every run adds up to 40.</summary>
    public static CounterRun MultiCoreOneAfterTheOther()
    {
        using MpLock l = Mp.Lock();
        using SharedValue<int> v = Mp.Value(0);
        var p1 = Mp.Process(LockKata.Job, v, 1, l);
        var p2 = Mp.Process(LockKata.Job, v, 3, l);
        p1.Start();
        p1.Join();
        p2.Start();
        p2.Join();
        return new CounterRun(v.Value, p1, p2);
    }

    /// <summary>Gives each process a lock of its own: they exclude nobody, and lose updates whenever they overlap.</summary>
    public static CounterRun MultiCoreWithALockPerProcess()
    {
        using MpLock l1 = Mp.Lock();
        using MpLock l2 = Mp.Lock();
        using SharedValue<int> v = Mp.Value(0);
        var p1 = Mp.Process(LockKata.Job, v, 1, l1);
        var p2 = Mp.Process(LockKata.Job, v, 3, l2);
        p1.Start();
        p2.Start();
        p1.Join();
        p2.Join();
        return new CounterRun(v.Value, p1, p2);
    }

    /// <summary>Joins only p2: p1 usually ends first, so the total is right, but nothing waited for it.</summary>
    public static CounterRun MultiCoreJoiningOnlyTheSecond()
    {
        using MpLock l = Mp.Lock();
        using SharedValue<int> v = Mp.Value(0);
        var p1 = Mp.Process(LockKata.Job, v, 1, l);
        var p2 = Mp.Process(LockKata.Job, v, 3, l);
        p1.Start();
        p2.Start();
        p2.Join();
        return new CounterRun(v.Value, p1, p2);
    }

    public static Action<SharedValue<int>, int, MpLock> ByNumber(int which) => which switch
    {
        0 => LockKata.Job,
        1 => NoLock,
        2 => LockOnlyTheRead,
        3 => LockOnlyTheWrite,
        4 => OwnLockInEachProcess,
        5 => NeverReleases,
        6 => LockPerAddition,
        _ => throw new ArgumentOutOfRangeException(nameof(which)),
    };
}
