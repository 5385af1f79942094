namespace Harness.Tests.Processes;

public sealed class MpProcessTests
{
    [Fact]
    public void A_child_runs_the_job_in_another_process_with_its_arguments()
    {
        using var p = Wait.Run(Mp.Process(Jobs.PrintAaa, 1, 2));

        p.Pid.Should().NotBeNull().And.NotBe(Environment.ProcessId);
        p.ExitCode.Should().Be(0);
        p.Error.Should().BeNull();
        p.Output.Should().Be("aaa 1 2\n");
    }

    [Fact]
    public void A_child_knows_its_name_pid_and_parent()
    {
        using var p = Mp.Process(Jobs.PrintWhoAmI);
        p.Name = "worker-7";
        Wait.Run(p);

        var info = Jobs.ReadJson<MpProcessInfo>(p);
        info.Should().Be(new MpProcessInfo("worker-7", p.Pid!.Value, Environment.ProcessId));
    }

    [Fact]
    public void The_top_process_is_MainProcess_with_no_parent()
    {
        Mp.CurrentProcess.Should().Be(new MpProcessInfo("MainProcess", Environment.ProcessId, null));
        Mp.CpuCount.Should().Be(Environment.ProcessorCount);
    }

    [Fact]
    public void Default_names_are_numbered()
    {
        using var a = Mp.Process(Jobs.Noop);
        using var b = Mp.Process(Jobs.Noop);

        a.Name.Should().MatchRegex(@"^MpProcess-\d+$");
        int.Parse(b.Name["MpProcess-".Length..]).Should().BeGreaterThan(int.Parse(a.Name["MpProcess-".Length..]));
    }

    [Fact]
    public void A_lambda_that_captures_nothing_runs_in_the_child()
    {
        using var p = Wait.Run(Mp.Process((int x) => Console.WriteLine(x * 2), 21));

        p.ExitCode.Should().Be(0);
        p.Output.Should().Be("42\n");
    }

    [Fact]
    public void A_lambda_that_captures_a_variable_is_refused_at_the_call_naming_it()
    {
        int factor = 3;
        string label = "x";

        Action act = () => Mp.Process((int x) => Console.WriteLine($"{label}{x * factor}"), 1);

        act.Should().Throw<ArgumentException>()
            .Which.Message.Should().Contain("'factor'").And.Contain("'label'").And.Contain("argument");
    }

    [Fact]
    public void An_instance_method_is_refused_at_the_call()
    {
        var holder = new InstanceJob();

        Action act = () => Mp.Process(holder.Run);

        act.Should().Throw<ArgumentException>().WithMessage("*instance method*static*");
    }

    [Fact]
    public void An_argument_that_cannot_cross_is_refused_at_the_call()
    {
        using var stream = new MemoryStream();

        FluentActions.Invoking(() => Mp.Process((Stream s) => { }, stream))
            .Should().Throw<ArgumentException>().WithMessage("Argument 1 (Stream)*file path*");
        FluentActions.Invoking(() => Mp.Process((Action a) => { }, Jobs.Noop))
            .Should().Throw<ArgumentException>().WithMessage("*delegate*");
        FluentActions.Invoking(() => Mp.Process((PrivateState s) => { }, new PrivateState(5)))
            .Should().Throw<ArgumentException>().WithMessage("*private fields*");
    }

    [Fact]
    public void Lists_dictionaries_records_and_scalars_arrive_intact()
    {
        var order = new Order("tea", 3, 2.5m, ["green", "loose"]);
        using var r = Wait.Run(Mp.Process(Jobs.EchoRecord, order));
        using var d = Wait.Run(Mp.Process(Jobs.EchoDictionary, new Dictionary<string, int> { ["a"] = 1, ["b"] = -2 }));
        using var m = Wait.Run(Mp.Process(Jobs.EchoMany, long.MaxValue, 0.1, true, (string?)null));

        Jobs.ReadJson<Order>(r).Should().BeEquivalentTo(order);
        Jobs.ReadJson<Dictionary<string, int>>(d).Should().Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = -2 });
        m.Output.Should().Be(Jobs.JsonMark + "[9223372036854775807,0.1,true,null]\n");
    }

    [Fact]
    public void A_generic_method_runs_with_its_type_arguments()
    {
        using var p = Wait.Run(Mp.Process(Jobs.PrintJson, new List<double> { 1.5, 2 }));
        using var g = Wait.Run(Mp.Process(Generic<string>.Describe, "text"));

        p.Output.Should().Be(Jobs.JsonMark + "[1.5,2]\n");
        g.Output.Should().Be("String: text\n");
    }

    [FsCheck.Xunit.Property(MaxTest = 10)]
    public void Any_list_of_ints_arrives_intact(List<int> values)
    {
        using var p = Wait.Run(Mp.Process(Jobs.EchoInts, values));

        Jobs.ReadJson<List<int>>(p).Should().Equal(values);
    }

    [FsCheck.Xunit.Property(MaxTest = 10)]
    public void Any_array_of_strings_arrives_intact(FsCheck.NonNull<string>[] values)
    {
        string[] strings = [.. values.Select(v => v.Get)];
        using var p = Wait.Run(Mp.Process(Jobs.EchoStrings, strings));

        Jobs.ReadJson<string[]>(p).Should().Equal(strings);
    }

    [Fact]
    public void A_job_that_throws_exits_1_and_its_error_reaches_the_parent()
    {
        using var p = Wait.Run(Mp.Process(Jobs.Throw, "no dividing today"));

        p.ExitCode.Should().Be(1);
        p.Error.Should().NotBeNull();
        p.Error!.RemoteType.Should().Be("System.DivideByZeroException");
        p.Error.Message.Should().Be("no dividing today");
        p.Error.RemoteStackTrace.Should().Contain(nameof(Jobs.Throw));
        p.Error.Pid.Should().Be(p.Pid);
        p.Output.Should().Contain($"Process {p.Name} (pid {p.Pid}) failed:").And.Contain("DivideByZeroException");

        using var next = Wait.Run(Mp.Process(Jobs.Noop));
        next.ExitCode.Should().Be(0, "the parent carries on after a child's job throws");
    }

    [Fact]
    public void Environment_Exit_in_the_job_sets_the_exit_code()
    {
        using var p = Wait.Run(Mp.Process(Jobs.ExitWith, 3));

        p.ExitCode.Should().Be(3);
        p.Error.Should().BeNull();
    }

    [Fact]
    public void Terminate_ends_a_running_child_with_minus_15()
    {
        using var p = Mp.Process(Jobs.SleepForever);
        p.OutputWriter = TextWriter.Null;
        p.Start();
        p.IsAlive.Should().BeTrue();

        p.Terminate();

        p.Join(Wait.Long).Should().BeTrue();
        p.IsAlive.Should().BeFalse();
        p.ExitCode.Should().Be(-15);
    }

    [Fact]
    public void Kill_ends_a_running_child_with_minus_9_and_is_a_no_op_afterwards()
    {
        using var p = Mp.Process(Jobs.SleepForever);
        p.OutputWriter = TextWriter.Null;
        p.Start();

        p.Kill();
        p.Join(Wait.Long).Should().BeTrue();

        p.ExitCode.Should().Be(-9);
        p.Invoking(x => x.Kill()).Should().NotThrow("killing an ended process does nothing, as in Python");
        p.Invoking(x => x.Terminate()).Should().NotThrow();
        p.ExitCode.Should().Be(-9);
    }

    [Fact]
    public void Join_with_a_timeout_returns_false_while_the_child_runs()
    {
        using var p = Mp.Process(Jobs.SleepForever);
        p.OutputWriter = TextWriter.Null;
        p.Start();

        p.Join(TimeSpan.FromMilliseconds(100)).Should().BeFalse();
        p.IsAlive.Should().BeTrue();
        p.ExitCode.Should().BeNull();
    }

    [Fact]
    public async Task JoinAsync_completes_when_the_child_exits_and_honours_cancellation()
    {
        using var sleeper = Mp.Process(Jobs.SleepForever);
        sleeper.OutputWriter = TextWriter.Null;
        sleeper.Start();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await sleeper.Invoking(s => s.JoinAsync(cts.Token)).Should().ThrowAsync<OperationCanceledException>();
        sleeper.IsAlive.Should().BeTrue("cancelling a wait does not stop the child");

        using var quick = Mp.Process(Jobs.Noop);
        quick.OutputWriter = TextWriter.Null;
        quick.Start();
        await quick.JoinAsync(TestContext.Current.CancellationToken).WaitAsync(Wait.Long, TestContext.Current.CancellationToken);
        quick.ExitCode.Should().Be(0);
    }

    [Fact]
    public void Misuse_gets_a_clear_exception_not_a_hang()
    {
        using var p = Mp.Process(Jobs.Noop);
        p.IsAlive.Should().BeFalse();
        p.Pid.Should().BeNull();
        p.ExitCode.Should().BeNull();
        p.Invoking(x => x.Join()).Should().Throw<InvalidOperationException>().WithMessage("*Start*");
        p.Invoking(x => x.Join(TimeSpan.FromSeconds(1))).Should().Throw<InvalidOperationException>();
        p.Invoking(x => x.Kill()).Should().Throw<InvalidOperationException>();
        p.Invoking(x => x.Terminate()).Should().Throw<InvalidOperationException>();

        Wait.Run(p);

        p.Invoking(x => x.Start()).Should().Throw<InvalidOperationException>().WithMessage("*already started*");
        p.Invoking(x => x.Name = "late").Should().Throw<InvalidOperationException>();
        p.Invoking(x => x.Daemon = true).Should().Throw<InvalidOperationException>();
        p.Join(TimeSpan.Zero).Should().BeTrue("joining an ended process returns at once");
    }

    [Fact]
    public void Dispose_kills_a_child_that_is_still_running()
    {
        var p = Mp.Process(Jobs.SleepForever);
        p.OutputWriter = TextWriter.Null;
        p.Start();
        int pid = p.Pid!.Value;

        p.Dispose();

        Wait.Until(() => !Harness.Native.NativeProcess.IsRunning(pid), TimeSpan.FromSeconds(5)).Should().BeTrue();
        p.Invoking(x => x.Start()).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void ToString_shows_name_pid_and_state()
    {
        using var p = Wait.Run(Mp.Process(Jobs.Noop));

        p.ToString().Should().Be($"<MpProcess name='{p.Name}' pid={p.Pid} target=Jobs.Noop stopped exitcode=0>");
    }

#pragma warning disable CA1000 // The test needs a static method of a generic type.
    public static class Generic<T>
    {
        public static void Describe(T value) => Console.WriteLine($"{typeof(T).Name}: {value}");
#pragma warning restore CA1000
    }

    private sealed class InstanceJob
    {
        public void Run() => Console.WriteLine(GetHashCode());
    }

    public sealed class PrivateState(int value)
    {
        private readonly int _value = value;

        public override string ToString() => _value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
