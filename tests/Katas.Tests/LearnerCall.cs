namespace Katas.Tests;

/// <summary>What a learner's call returned, and what it did on its thread.</summary>
/// <param name="Result">The call's result.</param>
/// <param name="Started">The child processes the call started.</param>
/// <param name="Taken">The items the call took from queues (Get and TryGet).</param>
/// <param name="Processes">The processes the call started, in the order it started them.</param>
/// <param name="NotJoined">The processes the call started and had not joined when it returned.</param>
internal sealed record LearnerRun<T>(T Result, int Started, int Taken, IReadOnlyList<MpProcess> Processes, IReadOnlyList<MpProcess> NotJoined)
{
    /// <summary>
    /// Fails when the call returned before joining every process it started. A result can be
    /// right without a Join (the children already put it), so only this catches the missing wait.
    /// </summary>
    public void ExpectEveryProcessJoined(string call)
    {
        if (NotJoined.Count == 0)
        {
            return;
        }
        string names = string.Join(" and ", NotJoined.Select(p => $"{p.Name} (running {p.TargetName})"));
        Expect.Fail(
            $"{call} returned without joining {names}. Join() every process you start before you return: Join waits until the " +
            "process has ended. Without it the parent goes on while the child may still be running, and Dispose (or `using`) " +
            "kills a child that is still running.");
    }

    /// <summary>Whether every process was started before the first Join on any of them (the last Start came before the first Join).</summary>
    public bool StartedAllBeforeJoiningAny =>
        Processes.Count == 0 || Processes.Max(p => p.StartSequence) < Processes.Where(p => p.JoinSequence > 0).Select(p => p.JoinSequence).DefaultIfEmpty(long.MaxValue).Min();
}

/// <summary>
/// Runs a learner's call off the test's thread with a deadline, so that a deadlock fails the test
/// instead of hanging it, and turns what the call threw into a sentence about the learner's code.
/// </summary>
internal static class LearnerCall
{
    /// <summary>Generous: a correct call takes a second or two even on a loaded machine; a deadlocked one never ends.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Starts the call on a pool thread, recording what it starts and takes there.</summary>
    /// <param name="processes">Receives the processes the call starts, as it starts them.</param>
    /// <param name="cpuCount">When set, what Mp.CpuCount says during the call (so a pool's default size is the same on every machine).</param>
    public static Task<LearnerRun<T>> Start<T>(Func<T> call, List<MpProcess>? processes = null, int? cpuCount = null)
    {
        processes ??= [];
        return Task.Run(() =>
        {
            int started = MpProcess.StartedOnThisThread;
            int taken = Harness.Queues.QueueCore.TakenOnThisThread;
            Mp.t_cpuCountForTests = cpuCount;
            MpProcess.t_startedRecorder = processes;
            try
            {
                T result = call();
                MpProcess[] notJoined;
                lock (processes)
                {
                    notJoined = [.. processes.Where(p => p.JoinSequence == 0)];
                }
                return new LearnerRun<T>(result, MpProcess.StartedOnThisThread - started, Harness.Queues.QueueCore.TakenOnThisThread - taken, processes, notJoined);
            }
            finally
            {
                Mp.t_cpuCountForTests = null;
                MpProcess.t_startedRecorder = null;
            }
        });
    }

    /// <summary>
    /// Runs the call with a deadline; past it, ends the children the call started (they would wait
    /// for ever) and fails naming the call and its likely cause.
    /// </summary>
    public static LearnerRun<T> Finish<T>(Func<T> call, string what, string likelyCause, TimeSpan? deadline = null, int? cpuCount = null)
    {
        TimeSpan limit = deadline ?? Deadline;
        var processes = new List<MpProcess>();
        Task<LearnerRun<T>> task = Start(call, processes, cpuCount);
        bool done;
        try
        {
            done = task.Wait(limit);
        }
        catch (AggregateException e) when (e.InnerException is { } inner)
        {
            throw Explain(inner, what);
        }
        if (!done)
        {
            MpProcess[] left;
            lock (processes)
            {
                left = [.. processes];
            }
            foreach (MpProcess p in left)
            {
                try
                {
                    p.Kill();
                }
                catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
                {
                    // Already gone, or the call disposed it.
                }
            }
            Expect.Fail($"{what} did not finish within {limit.TotalSeconds:F0} s. {likelyCause}");
        }
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Runs the call on this thread, turning what it throws into a sentence.</summary>
    public static T Run<T>(Func<T> call, string what)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is not KataFailure)
        {
            throw Explain(e, what);
        }
    }

    /// <inheritdoc cref="Run{T}(Func{T}, string)"/>
    public static void Run(Action call, string what) => Run(() =>
    {
        call();
        return 0;
    }, what);

    /// <summary>A learner's exception, as a sentence; the full exception goes to the detail.</summary>
    public static KataFailure Explain(Exception e, string what) => e switch
    {
        KataFailure f => f,
        NotImplementedException => new KataFailure(
            $"{what} still throws NotImplementedException: replace the `throw new NotImplementedException();` " +
            "lines with your code (the // TODO comments say what goes there).", e.ToString()),
        RemoteException { RemoteType: "System.NotImplementedException" } r => new KataFailure(
            $"{what} ran a method in a child process that still throws NotImplementedException: finish the jobs " +
            $"that run in the children too ({r.Message})", e.ToString()),
        RemoteException r => new KataFailure($"{what} failed in a child process with {r.RemoteType}: {r.Message}", e.ToString()),
        _ => new KataFailure($"{what} threw {e.GetType().Name}: {e.Message}", e.ToString()),
    };
}
