using Harness;

namespace Katas.Processes;

// Kata 01: start a child process, pass it arguments, wait for it, read how it ended.
// Read README.md in this folder first. Run the tests with:
//   kata check 01-processes

/// <summary>Kata 01: start a child process, pass it arguments, wait for it, read how it ended.</summary>
public static class ProcessKata
{
    /// <summary>The course's job: print "aaa". It runs in the child process.</summary>
    public static void Job(int a, int d)
    {
        // TODO: print aaa
        throw new NotImplementedException();
    }

    /// <summary>Starts one process running <c>Job(1, 2)</c>, waits for it to finish and returns it.</summary>
    public static MpProcess RunOne()
    {
        // TODO: create the process with Mp.Process, start it, join it, return it
        throw new NotImplementedException();
    }

    /// <summary>
    /// Starts <paramref name="n"/> processes running <c>Job(i, i * i)</c>, all of them before
    /// waiting for any, then waits for them all. Returns them in the order they were started.
    /// </summary>
    public static IReadOnlyList<MpProcess> RunMany(int n)
    {
        // TODO: start all n processes first, then join them all
        throw new NotImplementedException();
    }

    /// <summary>Describes a finished process as "NAME pid=PID exitcode=CODE".</summary>
    public static string Describe(MpProcess process)
    {
        // TODO: use the process's Name, Pid and ExitCode
        throw new NotImplementedException();
    }

    /// <summary>The child's side of <see cref="RunEcho"/>: prints the values, comma-separated, on one line.</summary>
    public static void Echo(int[] values)
    {
        // TODO: print the values joined with ","
        throw new NotImplementedException();
    }

    /// <summary>Starts a process running <c>Echo(values)</c>, waits for it and returns it.</summary>
    public static MpProcess RunEcho(int[] values)
    {
        // TODO: pass values to the child as an argument
        throw new NotImplementedException();
    }

    /// <summary>A job that fails: throws <see cref="InvalidOperationException"/>.</summary>
    public static void Fail()
    {
        // TODO: throw an InvalidOperationException
        throw new NotImplementedException();
    }

    /// <summary>Starts a process running <see cref="Fail"/>, waits for it and returns it.</summary>
    public static MpProcess RunFailing()
    {
        // TODO: start Fail in a child process and join it; the parent must carry on
        throw new NotImplementedException();
    }
}
