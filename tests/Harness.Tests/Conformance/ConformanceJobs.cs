namespace Harness.Tests.Conformance;

using SharedMemory = Harness.SharedMemory;

/// <summary>The targets the conformance cases run in child processes and pool workers, named after CPython's test helpers.</summary>
internal static class ConformanceJobs
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>CPython's SayWhenError: raised by the input iterable, not by a worker.</summary>
    public sealed class SayWhenException(string message) : Exception(message);

    /// <summary>exception_throwing_generator(total, when): yields 0..total-1, throwing when it reaches <paramref name="when"/> (-1: at once).</summary>
    public static IEnumerable<int> ExceptionThrowingGenerator(int total, int when)
    {
        if (when == -1)
        {
            throw new SayWhenException("Somebody said when");
        }
        for (int i = 0; i < total; i++)
        {
            if (i == when)
            {
                throw new SayWhenException("Somebody said when");
            }
            yield return i;
        }
    }

    public static int Sqr(int x) => x * x;

    public static int SqrSlow(int x, int sleepMs)
    {
        Thread.Sleep(sleepMs);
        return x * x;
    }

    public static int Mul(int x, int y) => x * y;

    /// <summary>Python's int(s): throws FormatException (Python's ValueError) for "a".</summary>
    public static int ParseInt(string s) => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    public static int RaiseValueError(int _) => throw new InvalidOperationException("raised in the worker");

    public static int Pid(int _) => Environment.ProcessId;

    public static Stream UnpickleableResult(int _) => new MemoryStream();

    public static void Noop()
    {
    }

    public static void ExitWith(int code) => Environment.Exit(code);

    public static void SleepForever() => Thread.Sleep(Timeout.Infinite);

    public static void PutOnQueue(MpQueue<int> q, int value) => q.Put(value);

    public static void PutArgs(MpQueue<string> q, int a, string b, double c) => q.Put($"{a}|{b}|{c.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    public static void PutWhoAmI(MpQueue<string> q) => q.Put($"{Mp.CurrentProcess.Name}|{Mp.CurrentProcess.Pid}|{Mp.CurrentProcess.ParentPid}");

    /// <summary>close_q.get() of test_close: blocks until the parent puts.</summary>
    public static void GetOne(MpQueue<int> q) => q.Get(Patience);

    /// <summary>_test_recursion: put this level's id, then start and join a child per level below.</summary>
    public static void Recursion(MpQueue<string> q, string id, int depth)
    {
        q.Put(id);
        if (depth <= 0)
        {
            return;
        }
        for (int i = 0; i < 2; i++)
        {
            using var p = Mp.Process(Recursion, q, $"{id}{i}", depth - 1);
            p.OutputWriter = TextWriter.Null;
            p.Start();
            p.Join(Patience);
        }
    }

    /// <summary>_test_put's child: waits to start, then empties the queue.</summary>
    public static void EmptyQueue(MpQueue<int> q, MpEvent childCanStart, MpEvent parentCanContinue, int count)
    {
        childCanStart.Wait(Patience);
        for (int i = 0; i < count; i++)
        {
            q.Get(Patience);
        }
        parentCanContinue.Set();
    }

    /// <summary>_test_get's child: waits to start, then puts 2, 3, 4, 5.</summary>
    public static void PutTwoToFive(MpQueue<int> q, MpEvent childCanStart, MpEvent parentCanContinue)
    {
        childCanStart.Wait(Patience);
        for (int i = 2; i <= 5; i++)
        {
            q.Put(i);
        }
        parentCanContinue.Set();
    }

    /// <summary>_test_task_done's worker: takes items until None (-1), marking each done.</summary>
    public static void TaskDoneWorker(MpJoinableQueue<int> q)
    {
        while (q.Get(Patience) != -1)
        {
            q.TaskDone();
        }
        q.TaskDone();
    }

    public static void ReleaseSemaphoreAfter(MpSemaphore s, MpEvent go)
    {
        go.Wait(Patience);
        s.Release();
    }

    /// <summary>_test_notify's waiter: counts "sleeping", waits on the condition, counts "woken".</summary>
    public static void ConditionWaiter(MpCondition cond, MpSemaphore sleeping, MpSemaphore woken, int timeoutMs)
    {
        using (cond.Hold())
        {
            sleeping.Release();
            cond.Wait(timeoutMs < 0 ? null : TimeSpan.FromMilliseconds(timeoutMs));
            woken.Release();
        }
    }

    /// <summary>_test_waitfor_f: waits until the shared state reaches 4, putting what wait_for returned.</summary>
    public static void WaitForFour(MpCondition cond, SharedValue<int> state, MpQueue<bool> result)
    {
        using (cond.Hold())
        {
            result.Put(cond.WaitFor(() => state.Value == 4, Patience));
        }
    }

    /// <summary>_test_event's setter.</summary>
    public static void SetEvent(MpEvent e) => e.Set();

    /// <summary>_test_barrier's party: waits at the barrier <paramref name="passes"/> times, putting each arrival index.</summary>
    public static void BarrierParty(MpBarrier barrier, MpQueue<int> indexes, int passes)
    {
        for (int i = 0; i < passes; i++)
        {
            indexes.Put(barrier.Wait(Patience));
        }
    }

    /// <summary>_test_abort's party: waits, and says whether the barrier broke for it.</summary>
    public static void BarrierPartyThatSeesBreak(MpBarrier barrier, MpQueue<string> results)
    {
        try
        {
            barrier.Wait(Patience);
            results.Put("passed");
        }
        catch (BrokenBarrierException)
        {
            results.Put("broken");
        }
    }

    /// <summary>_test_value's child: sets each shared value to its new value.</summary>
    public static void SetValues(SharedValue<int> i, SharedValue<double> d, SharedValue<char> c)
    {
        i.Value = 2 * 4;
        d.Value = 1.0 / 3.0;
        c.Value = 'y';
    }

    /// <summary>_test_array's child: replaces every element by the running sum.</summary>
    public static void CumulativeSum(SharedArray<int> seq)
    {
        for (int i = 1; i < seq.Length; i++)
        {
            seq[i] += seq[i - 1];
        }
    }

    /// <summary>The pool initializer of TestInitializers: counts itself in the shared value.</summary>
    public static void Initializer(SharedValue<int> ns)
    {
        using (ns.GetLock().Hold())
        {
            ns.Value += 1;
        }
    }

    public static void FailingInitializer() => throw new InvalidOperationException("the initializer failed");

    /// <summary>_echo of the connection tests: sends back whatever arrives until the other end closes.</summary>
    public static void Echo(MpConnection<string> conn)
    {
        try
        {
            while (true)
            {
                conn.Send(conn.Recv(Patience));
            }
        }
        catch (EndOfStreamException)
        {
        }
    }

    public static void SendAndClose(MpConnection<string> conn, string message)
    {
        conn.Send(message);
        conn.Close();
    }

    /// <summary>TestWait's _child_test_wait: sends its pid and a few numbers, then closes.</summary>
    public static void SendPidAndNumbers(MpConnection<int> w, int slow)
    {
        for (int i = 0; i < 10; i++)
        {
            if (slow != 0)
            {
                Thread.Sleep(Random.Shared.Next(0, 10));
            }
            w.Send(Environment.ProcessId * 100 + i);
        }
        w.Close();
    }

    /// <summary>test_shared_memory_across_processes's child: writes a greeting into the block it opened by name.</summary>
    public static void WriteIntoSharedMemory(string name, string text)
    {
        using var shm = SharedMemory.Open(name);
        System.Text.Encoding.UTF8.GetBytes(text, shm.AsSpan());
    }

    /// <summary>The block itself as an argument: it crosses by name, as Python pickles it.</summary>
    public static void WriteThroughArgument(SharedMemory shm, string text) => System.Text.Encoding.UTF8.GetBytes(text, shm.AsSpan());

    /// <summary>test_shared_memory_cleaned_after_process_termination's child: creates a block as the root of its own tree, says its name, and hangs.</summary>
    public static void CreateSharedMemoryAndHang()
    {
        Harness.Shared.ResourceTracker.StartNewTree();
        var shm = SharedMemory.Create(512);
        var untracked = SharedMemory.Create(512, track: false);
        Console.WriteLine($"names {shm.Name} {untracked.Name}");
        Thread.Sleep(Timeout.Infinite);
        GC.KeepAlive(shm);
        GC.KeepAlive(untracked);
    }

    public static void SetShareableListItem(ShareableList list, int index, string value) => list[index] = value;

    public static void PutOnSimpleQueue(MpSimpleQueue<int> q, int value) => q.Put(value);
}
