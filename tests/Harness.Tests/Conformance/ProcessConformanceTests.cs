using static Harness.Tests.Conformance.ConformanceJobs;

namespace Harness.Tests.Conformance;

/// <summary>
/// CPython's <c>_TestProcess</c> and <c>_TestSubclassingProcess</c> (Lib/test/_test_multiprocessing.py),
/// case by case under their names. Deliberate differences, said where they occur: the harness's
/// errors are .NET exception types (ValueError: InvalidOperationException or
/// ObjectDisposedException); a target is a static method, not a subclass's run().
/// Timing assertions of CPython's tests are left out: speed is measured in bench/.
/// </summary>
public sealed class ProcessConformanceTests
{
    private static MpProcess Quiet(MpProcess p)
    {
        p.OutputWriter = TextWriter.Null;
        return p;
    }

    [Fact]
    public void test_current()
    {
        MpProcessInfo current = Mp.CurrentProcess;

        current.Name.Should().Be("MainProcess");
        current.Pid.Should().Be(Environment.ProcessId);
        current.ParentPid.Should().BeNull("the top process has no parent_process()");
    }

    [Fact]
    public void test_args_argument()
    {
        using var q = Mp.Queue<string>();
        using var p = Quiet(Mp.Process(PutArgs, q, 1, "two", 3.5));
        p.Start();

        q.Get(Patience).Should().Be("1|two|3.5", "the child is called with the arguments as given");
        p.JoinOk();
    }

    [Fact]
    public void test_daemon_argument()
    {
        using var p = Quiet(Mp.Process(Noop));
        p.Daemon.Should().BeFalse("a process is not a daemon unless told");
        p.Daemon = true;
        p.Daemon.Should().BeTrue();
        p.Start();
        p.JoinOk();
        FluentActions.Invoking(() => p.Daemon = false).Should().Throw<InvalidOperationException>("daemon can only be set before start");
    }

    [Fact]
    public void test_parent_process_attributes()
    {
        using var q = Mp.Queue<string>();
        using var p = Quiet(Mp.Process(PutWhoAmI, q));
        p.Name = "child-of-main";
        p.Start();

        string[] who = q.Get(Patience).Split('|');
        p.JoinOk();

        who[0].Should().Be("child-of-main");
        who[1].Should().Be(p.Pid!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        who[2].Should().Be(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "parent_process().pid is this process");
    }

    [Fact]
    public void test_process()
    {
        using var q = Mp.Queue<int>();
        using var p = Quiet(Mp.Process(PutOnQueue, q, 42));

        p.ExitCode.Should().BeNull();
        p.IsAlive.Should().BeFalse();
        p.Pid.Should().BeNull();
        Mp.ActiveChildren.Should().NotContain(p);
        p.Start();
        q.Get(Patience).Should().Be(42);
        p.Join(Patience).Should().BeTrue();
        p.ExitCode.Should().Be(0);
        p.IsAlive.Should().BeFalse();
        Mp.ActiveChildren.Should().NotContain(p);
    }

    [Theory]
    [InlineData("terminate", -15)]
    [InlineData("kill", -9)]
    public void test_terminate_and_test_kill(string how, int exitCode)
    {
        using var p = Quiet(Mp.Process(SleepForever));
        p.Daemon = true;
        p.Start();

        p.IsAlive.Should().BeTrue();
        p.Join(TimeSpan.Zero).Should().BeFalse("join(0) of a running child returns at once, still running");
        if (how == "terminate")
        {
            p.Terminate();
        }
        else
        {
            p.Kill();
        }
        p.Join(Patience).Should().BeTrue();

        p.IsAlive.Should().BeFalse();
        p.ExitCode.Should().Be(exitCode, "a death by signal N reads as -N");
        p.Invoking(x => x.Terminate()).Should().NotThrow("terminating an ended process does nothing");
    }

    [Fact]
    public void test_cpu_count() => Mp.CpuCount.Should().BeGreaterThanOrEqualTo(1);

    [Fact]
    public void test_active_children()
    {
        using var p = Quiet(Mp.Process(SleepForever));
        Mp.ActiveChildren.Should().NotContain(p);
        p.Daemon = true;
        p.Start();

        Mp.ActiveChildren.Should().Contain(p);
        p.Terminate();
        p.Join(Patience).Should().BeTrue();
        Children.WaitUntil(() => !Mp.ActiveChildren.Contains(p), "the joined child to leave active_children()");
    }

    [Fact]
    public void test_recursion()
    {
        using var q = Mp.Queue<string>();
        Recursion(q, "", 2);

        var ids = new List<string>();
        while (q.TryGet(out string id))
        {
            ids.Add(id);
        }

        ids.Should().BeEquivalentTo(["", "0", "00", "01", "1", "10", "11"], "each level starts two children, which start two more");
    }

    [Fact]
    public void test_close()
    {
        using var q = Mp.Queue<int>();
        var p = Quiet(Mp.Process(GetOne, q));
        p.Daemon = true;
        p.Start();
        p.IsAlive.Should().BeTrue();

        // The child is still alive, so it can't be closed (Python's ValueError).
        p.Invoking(x => x.Close()).Should().Throw<InvalidOperationException>();

        q.Put(0);
        p.Join(Patience).Should().BeTrue();
        p.IsAlive.Should().BeFalse();
        p.ExitCode.Should().Be(0);
        p.Close();

        p.Invoking(x => _ = x.IsAlive).Should().Throw<ObjectDisposedException>();
        p.Invoking(x => x.Join()).Should().Throw<ObjectDisposedException>();
        p.Invoking(x => x.Terminate()).Should().Throw<ObjectDisposedException>();
        p.Invoking(x => _ = x.ExitCode).Should().Throw<ObjectDisposedException>();
        p.Invoking(x => x.Close()).Should().NotThrow("closing twice is fine");
        p.ToString().Should().Contain("closed");
    }

    [Fact]
    public void test_many_processes()
    {
        var procs = Enumerable.Range(0, 8).Select(_ => Quiet(Mp.Process(SleepForever))).ToList();
        try
        {
            procs.ForEach(p => p.Start());
            procs.ForEach(p => p.Terminate());
            foreach (MpProcess p in procs)
            {
                p.Join(Patience).Should().BeTrue();
                p.ExitCode.Should().Be(-15);
            }
        }
        finally
        {
            procs.ForEach(p => p.Dispose());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(130)]
    [InlineData(137)]
    [InlineData(143)]
    public void test_sys_exit_gives_the_code_passed(int code)
    {
        // sys.exit(code) is Environment.Exit(code); 130, 137 and 143 read like deaths by SIGINT,
        // SIGKILL and SIGTERM in .NET's exit status, yet are the child's own codes, as in CPython.
        using var p = Quiet(Mp.Process(ExitWith, code));
        p.Daemon = true;
        p.Start();
        p.Join(Patience).Should().BeTrue();

        p.ExitCode.Should().Be(code);
        p.Error.Should().BeNull("exiting is not an error");
    }

    [Fact]
    public void test_sys_exit_with_an_exception_gives_1()
    {
        using var p = Quiet(Mp.Process(ThrowValueError));
        p.Start();
        p.Join(Patience).Should().BeTrue();

        p.ExitCode.Should().Be(1, "a child whose target raises exits with 1");
        p.Error!.RemoteType.Should().Be(typeof(InvalidOperationException).FullName);
    }

    private static void ThrowValueError() => throw new InvalidOperationException("ignore this");
}
