using System.Reflection;
using System.Runtime.InteropServices;
using Harness.Native;
using Microsoft.Win32.SafeHandles;
using Harness.Transport;

namespace Harness.Processes;

/// <summary>
/// The child's side of <see cref="MpProcess"/>: the C# answer to Python's
/// <c>if __name__ == '__main__':</c>. A child starts here, not in the app's Main, reads its job
/// from standard input, runs it, and reports how it ended.
/// </summary>
/// <remarks>
/// A child starts in one of two ways. Cold (<see cref="Flag"/>): started by Start, with its job
/// on the command line or standard input. Spare (<see cref="SpareFlag"/>): started ahead of any
/// Start by <see cref="SpareChildren"/>, it boots the runtime, then waits on standard input for
/// the job a later Start sends it; from then on it is a cold child. Spares are
/// the .NET form of CPython's forkserver: not a fork, since a forked .NET runtime cannot continue
/// (the threads that hold its locks are not copied), and not Native AOT, which cannot load the
/// user's assembly at run time; a whole fresh process, booted before it is needed.
/// </remarks>
internal static class ChildEntry
{
    public const string Flag = "--mp-child";

    /// <summary>Starts a spare child: it boots the runtime, then waits for its job on standard input.</summary>
    public const string SpareFlag = "--mp-spare";

    /// <summary>Exit code of a child whose job threw, as in Python.</summary>
    public const int JobFailed = 1;

    /// <summary>Exit code when the process is started without a job.</summary>
    private const int Usage = 2;

    public static int Main(string[] args)
    {
        bool spare = args is [SpareFlag];
        if (!spare && (args is not [Flag, ..] || args.Length > 2))
        {
            Console.Error.WriteLine("Harness.dll runs the jobs of MpProcess children and is started by MpProcess.Start, not by hand.");
            return Usage;
        }
        // Raw descriptors, not System.Console: setting up the console costs a child several
        // milliseconds at start, which a job that never prints should not pay.
        var stdin = new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
        JobEnvelope job;
        try
        {
            job = JobEnvelope.Parse(args.Length == 2 ? Convert.FromBase64String(args[1]) : ReadFramed(stdin));
        }
        catch (EndOfStreamException)
        {
            return Usage; // the parent went away before it sent the whole job
        }
        // Standard input is the harness's channel to the parent, never the job's: a job that
        // reads the console sees an empty one, as a Python child does.
        Console.SetIn(TextReader.Null);
        Mp.SetCurrentProcess(new MpProcessInfo(job.Name, Environment.ProcessId, job.ParentPid));
        ChildWatch.Install(job.ControlToken);
        WatchParent(stdin);
        if (!OperatingSystem.IsWindows())
        {
            // Python's terminate(): no exit handlers, no finally blocks; the exit status says SIGTERM.
            s_sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => NativeProcess.ExitNow(128 + NativeProcess.SigTerm));
        }
        // A job that ends the process itself (Environment.Exit) reports it too: without a report,
        // the parent takes an exit code above 128 for a death by that signal, as the status of a
        // killed process reads the same in .NET.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ReportOnce(new ChildReport(true), job.ControlToken);
        int threads = ThreadCount();
        ChildReport report = Run(job);
        ChildWatch.Stop();
        ReportOnce(report, job.ControlToken);
        int code = report.Ok ? 0 : JobFailed;
        // CPython's child joins its threads, flushes, reports and calls os._exit. When the job
        // left no thread and no child of its own behind, nothing is left to wait for (System.Console
        // flushes every write), so the runtime's shutdown is skipped. Otherwise returning lets the
        // runtime wait for foreground threads and the harness end or join the children.
        if (threads > 0 && ThreadCount() <= threads && ChildRegistry.Active.Count == 0)
        {
            NativeProcess.ExitNow(code);
        }
        return code;
    }

    /// <summary>The threads of this process (Linux); 0 where it can't be told cheaply.</summary>
    private static int ThreadCount()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                return int.Parse(line.AsSpan(8).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    private static int s_reported;

    private static void ReportOnce(ChildReport report, string token)
    {
        if (Interlocked.Exchange(ref s_reported, 1) == 0)
        {
            WriteReport(report.Format(token));
        }
    }

    private static PosixSignalRegistration? s_sigterm;

    /// <summary>Reads a job sent on standard input: a 4-byte length, then the job.</summary>
    private static byte[] ReadFramed(Stream stdin)
    {
        Span<byte> prefix = stackalloc byte[4];
        stdin.ReadExactly(prefix);
        int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length <= 0)
        {
            throw new EndOfStreamException("The job's length is missing.");
        }
        byte[] data = new byte[length];
        stdin.ReadExactly(data);
        return data;
    }

    /// <summary>
    /// Writes the report to the child's standard error in one write. System.Console's writers
    /// flush on every write, so all the job printed is already ahead of it in the pipe; text the
    /// job left without a line break is split off by the parent.
    /// </summary>
    private static void WriteReport(string line)
    {
        using var stderr = new FileStream(new SafeFileHandle(2, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        stderr.Write(System.Text.Encoding.UTF8.GetBytes(line + "\n"));
    }

    private static ChildReport Run(JobEnvelope job)
    {
        try
        {
            MethodInfo method = job.Target.Resolve();
            ParameterInfo[] parameters = method.GetParameters();
            if (parameters.Length != job.Arguments.Length)
            {
                throw new TargetParameterCountException(
                    $"{method.Name} takes {parameters.Length} arguments but the parent sent {job.Arguments.Length}.");
            }
            object?[] values = new object?[parameters.Length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = Serializer.DeserializeArgument(parameters[i].ParameterType, job.Arguments[i]);
            }
            ChildWatch.NameArguments(parameters, values);
            method.Invoke(JobTarget.TargetFor(method), BindingFlags.DoNotWrapExceptions, null, values, null);
            return new ChildReport(true);
        }
#pragma warning disable CA1031 // Whatever the job throws is reported to the parent, as Python's child does.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // Python prints the traceback in the child; so do we, and the parent keeps it in Output.
            Console.Error.WriteLine($"Process {job.Name} (pid {Environment.ProcessId}) failed:");
            Console.Error.WriteLine(e.ToString());
            return new ChildReport(false, e.GetType().FullName, e.Message, e.StackTrace, e.ToString());
        }
    }

    /// <summary>
    /// The parent holds the other end of standard input open for as long as it lives. End of
    /// stream means it is gone, however it ended (SIGKILL included), so the child ends too:
    /// no orphans, on every OS, without a signal the parent would have to send.
    /// </summary>
    private static void WatchParent(Stream stdin)
    {
        var watcher = new Thread(() =>
        {
            byte[] buffer = new byte[64];
            try
            {
                while (stdin.Read(buffer) > 0)
                {
                }
            }
            catch (IOException)
            {
            }
            NativeProcess.ExitNow(JobFailed);
        })
        {
            IsBackground = true,
            Name = "Harness parent watch",
        };
        watcher.Start();
    }
}
