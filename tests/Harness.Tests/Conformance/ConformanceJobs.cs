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

    /// <summary>
    /// multipass: counts arrivals before and after each of two waits a pass, and checks the
    /// parties move in lockstep (<paramref name="results"/>[0] and [1] are CPython's two lists).
    /// </summary>
    public static void Multipass(MpBarrier barrier, SharedArray<int> results, int passes)
    {
        int m = barrier.Parties;
        Span<int> counts = results.AsSpan();
        for (int i = 0; i < passes; i++)
        {
            Interlocked.Increment(ref counts[0]);
            Expect(Volatile.Read(ref counts[1]) == i * m, $"pass {i}: a party left the second wait before all had reached the first");
            barrier.Wait();
            Interlocked.Increment(ref counts[1]);
            Expect(Volatile.Read(ref counts[0]) == (i + 1) * m, $"pass {i}: a party left the first wait before all had arrived");
            barrier.Wait();
        }
        Expect(barrier.NWaiting == 0, $"n_waiting is {barrier.NWaiting} after the last pass, not 0");
        Expect(!barrier.IsBroken, "the barrier is broken after passing in lockstep");
    }

    /// <summary>AppendTrue(results), the action of _test_action: counts the times it ran.</summary>
    public static void AppendTrue(SharedArray<int> results) => Interlocked.Increment(ref results.AsSpan()[0]);

    /// <summary>_test_action_f: once through the barrier, the action has run exactly once.</summary>
    public static void ActionParty(MpBarrier barrier, SharedArray<int> results)
    {
        barrier.Wait();
        Expect(Volatile.Read(ref results.AsSpan()[0]) == 1, $"after the wait the action ran {results[0]} times, not once");
    }

    /// <summary>_test_abort_f: the party with index N/2 aborts; results[0] and [1] are results1 and results2.</summary>
    public static void AbortParty(MpBarrier barrier, SharedArray<int> results)
    {
        try
        {
            int i = barrier.Wait();
            if (i == barrier.Parties / 2)
            {
                throw new InvalidOperationException("the middle party gives up");
            }
            barrier.Wait();
            Interlocked.Increment(ref results.AsSpan()[0]);
        }
        catch (BrokenBarrierException)
        {
            Interlocked.Increment(ref results.AsSpan()[1]);
        }
        catch (InvalidOperationException)
        {
            barrier.Abort();
        }
    }

    /// <summary>_test_reset_f: the party with index N/2 resets once all others wait again; results[0..2] are results1..3.</summary>
    public static void ResetParty(MpBarrier barrier, SharedArray<int> results)
    {
        int i = barrier.Wait();
        if (i == barrier.Parties / 2)
        {
            // Wait until the other parties are all in the barrier.
            SpinUntil(() => barrier.NWaiting >= barrier.Parties - 1, "the other parties to wait again");
            barrier.Reset();
        }
        else
        {
            try
            {
                barrier.Wait();
                Interlocked.Increment(ref results.AsSpan()[0]);
            }
            catch (BrokenBarrierException)
            {
                Interlocked.Increment(ref results.AsSpan()[1]);
            }
        }
        // Now, pass the barrier again.
        barrier.Wait();
        Interlocked.Increment(ref results.AsSpan()[2]);
    }

    /// <summary>_test_abort_and_reset_f: _test_abort_f, then meet on barrier2, reset, and pass again; results[2] is results3.</summary>
    public static void AbortAndResetParty(MpBarrier barrier, MpBarrier barrier2, SharedArray<int> results)
    {
        AbortParty(barrier, results);
        // Meet first, so that everyone has left the barrier when it is reset, and after, so that
        // no one enters it before the reset.
        if (barrier2.Wait(Patience) == barrier2.Parties / 2)
        {
            barrier.Reset();
        }
        barrier2.Wait(Patience);
        barrier.Wait();
        Interlocked.Increment(ref results.AsSpan()[2]);
    }

    /// <summary>
    /// _test_timeout_f and _test_default_timeout_f: the party with index N/2 is late to the
    /// second wait; the others' <paramref name="secondWait"/> times out, so every party sees a
    /// broken barrier. CPython's late party sleeps 1 s against a 0.5 s timeout; this one waits
    /// until the barrier is broken, so a loaded machine can't make it arrive in time.
    /// </summary>
    public static void LateParty(MpBarrier barrier, SharedArray<int> results, TimeSpan firstWait, TimeSpan? secondWait)
    {
        int i = barrier.Wait(firstWait);
        if (i == barrier.Parties / 2)
        {
            SpinUntil(() => barrier.IsBroken, "a party's timeout to break the barrier");
        }
        try
        {
            barrier.Wait(secondWait);
        }
        catch (BrokenBarrierException)
        {
            Interlocked.Increment(ref results.AsSpan()[0]);
        }
    }

    /// <summary>_test_thousand_f: after each pass, sends the pass number under the lock.</summary>
    public static void ThousandParty(MpBarrier barrier, int passes, MpConnection<int> conn, MpLock @lock)
    {
        for (int i = 0; i < passes; i++)
        {
            barrier.Wait();
            using (@lock.Hold())
            {
                conn.Send(i);
            }
        }
    }

    private static void Expect(bool condition, string failure)
    {
        if (!condition)
        {
            throw new InvalidOperationException(failure);
        }
    }

    /// <summary>Polls, like CPython's <c>while ...: time.sleep(0.001)</c>, with a deadline.</summary>
    private static void SpinUntil(Func<bool> condition, string what)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > Patience)
            {
                throw new TimeoutException($"Waited {Patience} for {what}.");
            }
            Thread.Sleep(1);
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
