using Harness;

namespace Katas.Processes;

/// <summary>Kata 01: start a child process, pass it arguments, wait for it, read how it ended.</summary>
public static class ProcessKata
{
    /// <summary>The course's job: print "aaa". It runs in the child process.</summary>
    public static void Job(int a, int d) => Console.WriteLine("aaa");

    /// <summary>Starts one process running <c>Job(1, 2)</c>, waits for it to finish and returns it.</summary>
    public static MpProcess RunOne()
    {
        // Python: p1 = mp.Process(target=job, args=(1, 2)); p1.start(); p1.join()
        var p = Mp.Process(Job, 1, 2);
        p.Start();
        p.Join();
        return p;
    }

    /// <summary>
    /// Starts <paramref name="n"/> processes running <c>Job(i, i * i)</c>, all of them before
    /// waiting for any, then waits for them all. Returns them in the order they were started.
    /// </summary>
    public static IReadOnlyList<MpProcess> RunMany(int n)
    {
        var processes = Enumerable.Range(0, n).Select(i => Mp.Process(Job, i, i * i)).ToList();
        // Start them all first, so they run at the same time...
        foreach (var p in processes)
        {
            p.Start();
        }
        // ...then wait for each one. Joining inside the first loop would run them one by one.
        foreach (var p in processes)
        {
            p.Join();
        }
        return processes;
    }

    /// <summary>Describes a finished process as "NAME pid=PID exitcode=CODE".</summary>
    public static string Describe(MpProcess process) =>
        $"{process.Name} pid={process.Pid} exitcode={process.ExitCode}";

    /// <summary>The child's side of <see cref="RunEcho"/>: prints the values, comma-separated, on one line.</summary>
    public static void Echo(int[] values) => Console.WriteLine(string.Join(",", values));

    /// <summary>Starts a process running <c>Echo(values)</c>, waits for it and returns it.</summary>
    public static MpProcess RunEcho(int[] values)
    {
        // The array is copied to the child when the process is created: the child gets its own.
        var p = Mp.Process(Echo, values);
        p.Start();
        p.Join();
        return p;
    }

    /// <summary>A job that fails: throws <see cref="InvalidOperationException"/>.</summary>
    public static void Fail() => throw new InvalidOperationException("the job failed on purpose");

    /// <summary>Starts a process running <see cref="Fail"/>, waits for it and returns it.</summary>
    public static MpProcess RunFailing()
    {
        // The exception stays in the child: the parent sees exit code 1 and the details in Error.
        var p = Mp.Process(Fail);
        p.Start();
        p.Join();
        return p;
    }
}
