using FsCheck;
using FsCheck.Fluent;
using Katas.Processes;

namespace Katas.Tests.Processes;

/// <summary>
/// The checks of kata 01, each taking the learner's method as a delegate so that the wrong
/// solutions in <see cref="WrongSolutions"/> can be put through the very same check.
/// </summary>
internal static class ProcessChecks
{
    private const string Hang = "Most likely a Join waits for a child that never ends; the children here should end within a second.";

    public static void RunOne(Func<MpProcess> runOne)
    {
        using MpProcess p = LearnerCall.Finish(runOne, "RunOne()", Hang).Result;
        StartedJoinedAndSucceeded(p, "RunOne()");
        Expect.That(p.Arguments is [1, 2], () =>
            $"RunOne() should run Job(1, 2), like the course's args=(1, 2), but its process was made with {Args(p)}.");
        Expect.That(p.Output.Contains("aaa", StringComparison.Ordinal), () =>
            $"Job prints aaa in the child, and a child's output is collected in Output, but {Show(p)}.");
    }

    public static void RunManyStartsDistinctProcesses(Func<int, IReadOnlyList<MpProcess>> runMany)
    {
        var processes = LearnerCall.Finish(() => runMany(3), "RunMany(3)", Hang).Result;
        try
        {
            Expect.That(processes is { Count: 3 }, () => $"RunMany(3) should start exactly 3 processes, one per job, but it returned {processes?.Count ?? 0}.");
            foreach (MpProcess p in processes)
            {
                StartedJoinedAndSucceeded(p, "RunMany(3)");
                Expect.That(p.Output.Contains("aaa", StringComparison.Ordinal), () => $"every child runs Job, which prints aaa, but {Show(p)}.");
            }
            Expect.That(processes.Select(p => p.Pid).Distinct().Count() == 3,
                "each job needs a process of its own, but RunMany(3) returned the same process more than once.");
        }
        finally
        {
            DisposeAll(processes);
        }
    }

    public static void RunManyStartsAllBeforeJoining(Func<int, IReadOnlyList<MpProcess>> runMany)
    {
        var processes = LearnerCall.Finish(() => runMany(3), "RunMany(3)", Hang).Result;
        try
        {
            Expect.That(processes is { Count: 3 } && processes.All(p => p.StartSequence > 0),
                "RunMany(3) should start 3 processes; the order of Start and Join can only be checked then.");
            long lastStart = processes.Max(p => p.StartSequence);
            long firstJoin = processes.Where(p => p.JoinSequence > 0).Select(p => p.JoinSequence).DefaultIfEmpty(long.MaxValue).Min();
            Expect.That(lastStart < firstJoin,
                "RunMany(3) joined a process before it had started them all (the last Start came after the first Join), " +
                "so the children ran one after the other. Call Start on every process first, then Join each one.");
        }
        finally
        {
            DisposeAll(processes);
        }
    }

    public static void RunManyReturnsTheProcessesInStartOrder(Func<int, IReadOnlyList<MpProcess>> runMany)
    {
        var processes = LearnerCall.Finish(() => runMany(4), "RunMany(4)", Hang).Result;
        try
        {
            Expect.That(processes is { Count: 4 }, () => $"RunMany(4) should return 4 processes, but it returned {processes?.Count ?? 0}.");
            for (int i = 0; i < processes.Count; i++)
            {
                MpProcess p = processes[i];
                Expect.That(p.Arguments is [int a, int d] && a == i && d == i * i, () =>
                    $"process number {i} of RunMany(4) should run Job({i}, {i * i}), Job(i, i * i), but it was made with {Args(p)}.");
                Expect.That(i == 0 || processes[i - 1].StartSequence < p.StartSequence,
                    "RunMany should return the processes in the order it started them; the list it returned is in another order.");
            }
        }
        finally
        {
            DisposeAll(processes);
        }
    }

    public static void RunManyReturnsOneFinishedProcessPerJob(Func<int, IReadOnlyList<MpProcess>> runMany) =>
        Properties.ForAll(Gen.Choose(1, 4).ToArbitrary(), 5, n =>
        {
            var processes = LearnerCall.Finish(() => runMany(n), $"RunMany({n})", Hang).Result;
            try
            {
                Expect.That(processes?.Count == n, () => $"RunMany({n}) should start {n} processes, but it returned {processes?.Count ?? 0}.");
                foreach (MpProcess p in processes)
                {
                    StartedJoinedAndSucceeded(p, $"RunMany({n})");
                }
            }
            finally
            {
                DisposeAll(processes);
            }
        });

    public static void Describe(Func<MpProcess, string> describe)
    {
        using MpProcess ok = Finished(Mp.Process(Quiet), name: null);
        using MpProcess failed = Finished(Mp.Process(Throws), name: "failing-child");
        foreach (MpProcess p in new[] { ok, failed })
        {
            string expected = $"{p.Name} pid={p.Pid} exitcode={p.ExitCode}";
            string actual = LearnerCall.Run(() => describe(p), "Describe(p)");
            Expect.That(actual == expected, () =>
                $"Describe should read the finished process's Name, Pid and ExitCode: for {p.Name}, which exited with code " +
                $"{p.ExitCode}, it should return {Expect.Show(expected)}, but it returned {Expect.Show(actual)}.");
        }
    }

    public static void EchoArrivesIntact(Func<int[], MpProcess> runEcho)
    {
        EchoOnce(runEcho, [3, -1, 4]);
        Properties.ForAll(ArbMap.Default.ArbFor<int[]>(), 12, values => EchoOnce(runEcho, values));
    }

    private static void EchoOnce(Func<int[], MpProcess> runEcho, int[] values)
    {
        using MpProcess p = LearnerCall.Finish(() => runEcho(values), "RunEcho(values)", Hang).Result;
        StartedJoinedAndSucceeded(p, "RunEcho(values)");
        string expected = string.Join(",", values);
        Expect.That(p.Output.TrimEnd('\n') == expected, () =>
            $"the child should print the array it received, comma-separated, on one line: for {Expect.Show(values)} that is " +
            $"{Expect.Show(expected)}, but {Show(p)}.");
    }

    public static void AFailingJobEndsItsChildWithCode1(Func<MpProcess> runFailing)
    {
        using MpProcess p = LearnerCall.Finish(runFailing, "RunFailing()", Hang).Result;
        Expect.That(p is not null, "RunFailing() should return the process it started.");
        Expect.That(p.Pid is not null, $"RunFailing() created {p.Name} but never called Start, so no process ran.");
        Expect.That(p.Pid != Environment.ProcessId, "Fail must run in the child: an exception there ends the child, not the parent.");
        Expect.That(p.ExitObserved, $"RunFailing() should Join {p.Name} before returning.");
        Expect.That(p.ExitCode == 1, () => $"a child whose job throws exits with code 1, as in Python, but {Show(p)}.");
        Expect.That(p.Error?.RemoteType == typeof(InvalidOperationException).FullName, () =>
            $"Fail should throw an InvalidOperationException, which comes back in Error, but {Show(p)}.");
        Expect.That(p.Output.Contains("InvalidOperationException", StringComparison.Ordinal),
            "the child prints the exception it ended with, like Python's traceback in the child.");
    }

    /// <summary>Started (in a child), joined and exited 0; otherwise says which of those went wrong.</summary>
    public static void StartedJoinedAndSucceeded(MpProcess? p, string call)
    {
        Expect.That(p is not null, $"{call} should return the process it started, not null.");
        Expect.That(p.Pid is not null, $"{call} created {p.Name} but never called Start, so no process ran.");
        Expect.That(p.Pid != Environment.ProcessId, "the job must run in a child process, not in the test's own process.");
        Expect.That(p.ExitObserved,
            $"{call} should wait for {p.Name} with Join() before returning; without it the parent carries on before the child has run.");
        Expect.That(p.ExitCode == 0, () => $"the child should finish its job normally, but {Show(p)}.");
    }

    /// <summary>What a finished process did, for messages.</summary>
    public static string Show(MpProcess p) => p.Error is { RemoteType: "System.NotImplementedException" }
        ? $"{p.Name} ran {p.TargetName}, which still throws NotImplementedException: replace its `throw new NotImplementedException();` with your code"
        : $"{p.Name} exited with code {p.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(still running)"}" +
          (p.Error is { } e ? $" after throwing {e.RemoteType}: {e.Message.TrimEnd('.')}" : "") +
          $", and printed {Expect.Show(p.Output)}";

    private static string Args(MpProcess p) => p.Arguments.Length == 0 ? "no arguments" : $"the arguments ({string.Join(", ", p.Arguments.Select(Expect.Show))})";

    public static void DisposeAll(IEnumerable<MpProcess>? processes)
    {
        foreach (MpProcess p in processes ?? [])
        {
            p?.Dispose();
        }
    }

    private static MpProcess Finished(MpProcess p, string? name)
    {
        if (name is not null)
        {
            p.Name = name;
        }
        p.OutputWriter = TextWriter.Null;
        p.Start();
        Expect.That(p.Join(LearnerCall.Deadline), "a child of the test itself did not end: the machine may be overloaded.");
        return p;
    }

    private static void Quiet()
    {
    }

    private static void Throws() => throw new InvalidOperationException("the test's child fails on purpose");
}
