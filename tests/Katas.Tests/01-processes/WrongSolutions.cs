using Katas.Processes;

namespace Katas.Tests.Processes;

/// <summary>
/// Plausible wrong answers to kata 01: they compile and often look right, but miss what the kata
/// teaches. <see cref="ProcessCheckTests"/> proves the kata's checks catch each one.
/// </summary>
internal static class WrongSolutions
{
    /// <summary>Starts the child and returns at once: the parent never waits.</summary>
    public static MpProcess RunOneWithoutJoin()
    {
        var p = Mp.Process(ProcessKata.Job, 1, 2);
        p.Start();
        return p;
    }

    /// <summary>Creates the process but never starts it.</summary>
    public static MpProcess RunOneNeverStarted() => Mp.Process(ProcessKata.Job, 1, 2);

    /// <summary>Runs the job with other arguments than the course's (1, 2).</summary>
    public static MpProcess RunOneWithOtherArguments()
    {
        var p = Mp.Process(ProcessKata.Job, 2, 1);
        p.Start();
        p.Join();
        return p;
    }

    /// <summary>Joins each process right after starting it: the children run one after the other.</summary>
    public static IReadOnlyList<MpProcess> RunManyJoiningInTheLoop(int n)
    {
        var processes = new List<MpProcess>();
        for (int i = 0; i < n; i++)
        {
            var p = Mp.Process(ProcessKata.Job, i, i * i);
            p.Start();
            p.Join();
            processes.Add(p);
        }
        return processes;
    }

    /// <summary>Returns the processes in reverse order (as a stack would).</summary>
    public static IReadOnlyList<MpProcess> RunManyInReverse(int n)
    {
        var started = new Stack<MpProcess>();
        for (int i = 0; i < n; i++)
        {
            var p = Mp.Process(ProcessKata.Job, i, i * i);
            p.Start();
            started.Push(p);
        }
        foreach (MpProcess p in started)
        {
            p.Join();
        }
        return [.. started];
    }

    /// <summary>Gives every process the same arguments instead of (i, i * i).</summary>
    public static IReadOnlyList<MpProcess> RunManyWithTheSameArguments(int n)
    {
        var processes = Enumerable.Range(0, n).Select(_ => Mp.Process(ProcessKata.Job, 1, 2)).ToList();
        processes.ForEach(p => p.Start());
        processes.ForEach(p => p.Join());
        return processes;
    }

    /// <summary>An off-by-one loop: one process too few.</summary>
    public static IReadOnlyList<MpProcess> RunManyOneTooFew(int n)
    {
        var processes = Enumerable.Range(1, n - 1).Select(i => Mp.Process(ProcessKata.Job, i, i * i)).ToList();
        processes.ForEach(p => p.Start());
        processes.ForEach(p => p.Join());
        return processes;
    }

    /// <summary>Writes "exitcode=0" instead of reading the exit code.</summary>
    public static string DescribeWithAFixedExitCode(MpProcess p) => $"{p.Name} pid={p.Pid} exitcode=0";

    /// <summary>Reports the parent's pid instead of the child's.</summary>
    public static string DescribeWithTheParentsPid(MpProcess p) => $"{p.Name} pid={Environment.ProcessId} exitcode={p.ExitCode}";

    /// <summary>Separates the values with ", " instead of ",".</summary>
    public static void EchoWithSpaces(int[] values) => Console.WriteLine(string.Join(", ", values));

    /// <summary>Prints the values in the parent and starts a child that prints nothing.</summary>
    public static void EchoNothing(int[] values)
    {
    }

    public static MpProcess RunEchoWith(Action<int[]> echo, int[] values)
    {
        var p = Mp.Process(echo, values);
        p.Start();
        p.Join();
        return p;
    }

    /// <summary>Throws a plain Exception instead of an InvalidOperationException.</summary>
#pragma warning disable CA2201 // The mistake under test: a plain Exception.
    public static void FailWithAPlainException() => throw new Exception("the job failed");
#pragma warning restore CA2201

    public static MpProcess RunFailingWith(Action fail)
    {
        var p = Mp.Process(fail);
        p.Start();
        p.Join();
        return p;
    }

    /// <summary>Calls Fail in the parent inside a try/catch, and starts a child that succeeds.</summary>
    public static MpProcess RunFailingInTheParent()
    {
        try
        {
            ProcessKata.Fail();
        }
        catch (InvalidOperationException)
        {
        }
        return RunOneAndJoin();
    }

    private static MpProcess RunOneAndJoin()
    {
        var p = Mp.Process(ProcessKata.Job, 1, 2);
        p.Start();
        p.Join();
        return p;
    }
}
