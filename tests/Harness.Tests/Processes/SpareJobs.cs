using System.Diagnostics;
using Harness.Native;
using Harness.Processes;
using Harness.Shared;

namespace Harness.Tests.Processes;

/// <summary>
/// Scenarios for spare children, each run in a child process of its own so that it starts with
/// no spares and no other test claims them. Each throws, saying what went wrong, when the
/// harness misbehaves; the test checks the child succeeded.
/// </summary>
internal static class SpareJobs
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static void Noop()
    {
    }

    public static void PrintPid() => Console.WriteLine($"pid={Environment.ProcessId}");

    public static void PrintVariable(string name) => Console.WriteLine($"{name}={Environment.GetEnvironmentVariable(name)}");

    public static void PrintDirectory() => Console.WriteLine($"cwd={Environment.CurrentDirectory}");

    public static int ProcessId(int _) => Environment.ProcessId;

    public static void None_before_the_first_cold_start_then_one_claimed_and_none_listed_as_active()
    {
        Expect(SpareChildren.Idle.Count == 0, "no spare may exist before the first Start");
        int cold = RunOk(Mp.Process(Noop));
        List<int> spares = WaitForSpares(1);
        Expect(!spares.Contains(cold), "the first start is cold");
        Expect(Mp.ActiveChildren.Count == 0, $"a spare is not a child the user started, yet ActiveChildren lists {Mp.ActiveChildren.Count}");
        int claimed = RunOk(Mp.Process(Noop));
        Expect(spares.Contains(claimed), $"the second start should claim a spare ({string.Join(",", spares)}), but ran in {claimed}");
    }

    public static void Spares_are_off_with_the_switch()
    {
        Expect(Environment.GetEnvironmentVariable(SpareChildren.Switch) == "0", "the test sets the switch");
        for (int i = 0; i < 3; i++)
        {
            RunOk(Mp.Process(Noop));
        }
        Thread.Sleep(300); // a spare would be starting by now
        Expect(SpareChildren.Idle.Count == 0, "the switch turns spares off");
    }

    public static void A_spare_killed_while_idle_is_passed_over()
    {
        RunOk(Mp.Process(Noop));
        List<int> spares = WaitForSpares(1);
        foreach (int pid in spares)
        {
            using var spare = Process.GetProcessById(pid);
            spare.Kill();
            spare.WaitForExit(Patience);
        }
        int ran = RunOk(Mp.Process(Noop));
        Expect(!spares.Contains(ran), "a killed spare can't run the job");
    }

    public static void A_spare_killed_between_claim_and_job_is_replaced_by_a_cold_start()
    {
        RunOk(Mp.Process(Noop));
        WaitForSpares(1);
        int killed = 0;
        SpareChildren.BeforeJobForTests = p =>
        {
            if (killed == 0)
            {
                killed = p.Id;
                p.Kill();
                p.WaitForExit(Patience);
            }
        };
        using var child = Mp.Process(PrintPid);
        child.OutputWriter = TextWriter.Null;
        child.Start();
        child.Join(Patience);
        SpareChildren.BeforeJobForTests = null;
        Expect(killed != 0, "a spare should have been claimed");
        Expect(child.ExitCode == 0 && child.Pid != killed && child.Output.Contains($"pid={child.Pid}", StringComparison.Ordinal),
            $"the job should run in another process, cold; exit {child.ExitCode}, pid {child.Pid}, killed {killed}, output: {child.Output}");
    }

    /// <summary>Starts spares, shares memory in a tree of its own, prints what the test must see gone, then waits to be killed.</summary>
    public static void Keep_spares_and_a_segment_then_wait()
    {
        ResourceTracker.StartNewTree();
        var value = Mp.Value(42);
        // Two starts at once: demand for two spares however slow the machine is.
        RunOk(Mp.Process(Noop), Mp.Process(Noop));
        List<int> spares = WaitForSpares(2);
        Jobs.PrintJson(new SpareTree(ResourceTracker.Tree, spares));
        GC.KeepAlive(value);
        Thread.Sleep(Timeout.Infinite);
    }

    public static void A_spare_has_no_user_assembly_loaded_and_refuses_a_build_other_than_the_parents()
    {
        RunOk(Mp.Process(Noop));
        List<int> spares = WaitForSpares(1);
        string testAssembly = Path.GetFileName(typeof(SpareJobs).Assembly.Location);
        // Give the spare time to boot, then read what it has mapped.
        Thread.Sleep(500);
        foreach (int pid in spares)
        {
            string maps = File.ReadAllText($"/proc/{pid}/maps");
            Expect(maps.Contains("Harness.dll", StringComparison.Ordinal), $"spare {pid} runs the harness");
            Expect(!maps.Contains(testAssembly, StringComparison.Ordinal), $"spare {pid} must not load {testAssembly} before it is claimed");
        }
        // The same method, as a rebuilt assembly would name it: another module version id.
        var (target, name) = (JobTarget.From((Action)Noop, "target"), "Noop");
        using var stale = new MpProcess((target with { ModuleVersionId = Guid.NewGuid() }, name), []);
        stale.OutputWriter = TextWriter.Null;
        stale.Start();
        stale.Join(Patience);
        Expect(spares.Contains(stale.Pid!.Value), "the job went to a spare");
        Expect(stale.ExitCode == 1 && stale.Error?.Message.Contains("not the build the parent ran", StringComparison.Ordinal) == true,
            $"a spare must refuse a job from another build; exit {stale.ExitCode}, error: {stale.Error?.Message}");
    }

    public static void A_changed_environment_or_folder_gets_a_cold_start_that_sees_the_change(string folder)
    {
        RunOk(Mp.Process(Noop));
        List<int> spares = WaitForSpares(1);
        Environment.SetEnvironmentVariable("HARNESS_SPARE_TEST", "changed");
        using var env = Mp.Process(PrintVariable, "HARNESS_SPARE_TEST");
        RunOk(env);
        Expect(!spares.Contains(env.Pid!.Value), "a spare made before the change is not used");
        Expect(env.Output.Contains("HARNESS_SPARE_TEST=changed", StringComparison.Ordinal), $"the child sees the new variable: {env.Output}");

        spares = WaitForSpares(1);
        Directory.SetCurrentDirectory(folder);
        using var cwd = Mp.Process(PrintDirectory);
        RunOk(cwd);
        Expect(!spares.Contains(cwd.Pid!.Value), "a spare made in another folder is not used");
        Expect(cwd.Output.Contains($"cwd={folder}", StringComparison.Ordinal), $"the child starts in the new folder: {cwd.Output}");
    }

    public static void Pool_workers_come_from_spares()
    {
        using (var first = Mp.Pool(2))
        {
            first.Map(ProcessId, [0, 1]);
        }
        List<int> spares = WaitForSpares(2);
        using var pool = Mp.Pool(2);
        var pids = pool.Map(ProcessId, [0, 1, 2, 3], chunkSize: 1).Distinct().ToList();
        Expect(pids.All(spares.Contains), $"the workers ({string.Join(",", pids)}) should be the spares ({string.Join(",", spares)})");
    }

    public static void Idle_spares_end_after_their_lifetime()
    {
        RunOk(Mp.Process(Noop));
        List<int> spares = WaitForSpares(1);
        // Shortened only now: a lifetime shorter than a loaded machine takes to start a spare
        // would end it before this could see it.
        SpareChildren.IdleLifetime = TimeSpan.FromMilliseconds(200);
        var sw = Stopwatch.StartNew();
        while (spares.Any(NativeProcess.IsRunning) && sw.Elapsed < Patience)
        {
            Thread.Sleep(50);
        }
        Expect(!spares.Any(NativeProcess.IsRunning), "idle spares end after their lifetime");
        Expect(SpareChildren.Idle.Count == 0, "and are no longer listed");
    }

    public static void A_thousand_starts_leak_no_processes_pipes_or_files(int starts)
    {
        RunOk(Mp.Process(Noop));
        WaitForSpares(1);
        Dictionary<string, int> before = OpenFiles();
        int fdsBefore = before.Values.Sum();
        for (int i = 0; i < starts; i++)
        {
            using var p = Mp.Process(Noop);
            p.OutputWriter = TextWriter.Null;
            p.Start();
            Expect(p.Join(Patience) && p.ExitCode == 0, $"start {i} failed: {p.Output}");
        }
        // Spares being refilled may still be starting: wait until every child left is an idle spare.
        var sw = Stopwatch.StartNew();
        List<int> children = ChildrenOfThisProcess();
        while (!(children.Count <= SpareChildren.Cap && children.All(SpareChildren.Idle.Select(p => p.Id).Contains)) && sw.Elapsed < Patience)
        {
            Thread.Sleep(50);
            children = ChildrenOfThisProcess();
        }
        Expect(children.Count <= SpareChildren.Cap, $"after {starts} starts only spares may remain, at most {SpareChildren.Cap}; found {children.Count}");
        Expect(children.All(SpareChildren.Idle.Select(p => p.Id).Contains), "every remaining child is an idle spare");
        // Each spare holds three pipes; allow for them and for the runtime's own.
        Dictionary<string, int> after = OpenFiles();
        int fdsAfter = after.Values.Sum();
        Expect(fdsAfter <= fdsBefore + (3 * SpareChildren.Cap) + 8,
            $"file descriptors grew from {fdsBefore} to {fdsAfter}; the kinds that grew: " +
            string.Join(", ", after.Where(k => k.Value > before.GetValueOrDefault(k.Key)).Select(k => $"{k.Key} {before.GetValueOrDefault(k.Key)} -> {k.Value}")));
        Console.WriteLine($"fds {fdsBefore} -> {fdsAfter}, children {children.Count}");
    }

    /// <summary>This process's open file descriptors, counted by what they are (pipe, socket, anon_inode:[eventpoll], a file's path).</summary>
    private static Dictionary<string, int> OpenFiles()
    {
        var kinds = new Dictionary<string, int>();
        foreach (string fd in Directory.GetFiles("/proc/self/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                continue; // closed while listed
            }
            if (target is null)
            {
                continue;
            }
            // pipe:[123] and socket:[456] are counted by kind, files by path.
            int bracket = target.IndexOf(":[", StringComparison.Ordinal);
            string kind = bracket > 0 && !target.StartsWith('/') ? target[..bracket] : target;
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
        }
        return kinds;
    }

    private static List<int> ChildrenOfThisProcess()
    {
        var result = new List<int>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] != "Z" && int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == Environment.ProcessId)
                {
                    result.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }
        return result;
    }

    private static void RunOk(MpProcess first, MpProcess second)
    {
        first.OutputWriter = second.OutputWriter = TextWriter.Null;
        first.Start();
        second.Start();
        RunOk(first, started: true);
        RunOk(second, started: true);
    }

    private static int RunOk(MpProcess p, bool started = false)
    {
        if (started)
        {
            Expect(p.Join(Patience) && p.ExitCode == 0, $"{p.Name} should succeed; it printed: {p.Output}");
            return p.Pid!.Value;
        }
        p.OutputWriter = TextWriter.Null;
        p.Start();
        Expect(p.Join(Patience), $"{p.Name} should finish");
        Expect(p.ExitCode == 0, $"{p.Name} should succeed; it printed: {p.Output}");
        return p.Pid!.Value;
    }

    /// <summary>Waits until at least <paramref name="count"/> spares exist; returns their pids.</summary>
    private static List<int> WaitForSpares(int count)
    {
        var sw = Stopwatch.StartNew();
        while (SpareChildren.Idle.Count < count)
        {
            Expect(sw.Elapsed < Patience, $"{count} spares should be started within {Patience}; there are {SpareChildren.Idle.Count}");
            Thread.Sleep(10);
        }
        return [.. SpareChildren.Idle.Select(p => p.Id)];
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(what);
        }
    }
}

public sealed record SpareTree(string Tree, List<int> Spares);
