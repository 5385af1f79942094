using Harness.Native;
using Harness.Processes;
using Harness.Shared;

namespace Harness.Tests.Processes;

/// <summary>
/// Spare children: started ahead, claimed by Start, never stale, never leaked. Each scenario runs
/// in a child process of its own (see <see cref="SpareJobs"/>), with spares on.
/// </summary>
public sealed class SpareTests
{
    /// <summary>A scenario starts several children one after another: minutes on a machine loaded 50 times over.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    private static MpProcess Scenario(MpProcess p)
    {
        p.ExtraEnvironment[SpareChildren.Switch] = "1";
        return p;
    }

    /// <summary>Runs a scenario quietly and checks it succeeded.</summary>
    private static void Run(MpProcess p)
    {
        using (p)
        {
            p.OutputWriter = TextWriter.Null;
            p.Start();
            p.Join(Patience).Should().BeTrue($"{p.Name} should finish within {Patience}; it printed: {p.Output}");
            p.ExitCode.Should().Be(0, $"the scenario failed; it printed: {p.Output}");
        }
    }

    [Fact]
    public void No_spare_exists_before_the_first_cold_start_and_the_next_start_claims_one() =>
        Run(Scenario(Mp.Process(SpareJobs.None_before_the_first_cold_start_then_one_claimed_and_none_listed_as_active)));

    [Fact]
    public void The_switch_turns_spares_off()
    {
        var p = Mp.Process(SpareJobs.Spares_are_off_with_the_switch);
        p.ExtraEnvironment[SpareChildren.Switch] = "0";
        Run(p);
    }

    [Fact]
    public void A_spare_killed_while_idle_is_passed_over_without_an_error() =>
        Run(Scenario(Mp.Process(SpareJobs.A_spare_killed_while_idle_is_passed_over)));

    [Fact]
    public void A_spare_killed_between_claim_and_job_is_replaced_by_a_cold_start() =>
        Run(Scenario(Mp.Process(SpareJobs.A_spare_killed_between_claim_and_job_is_replaced_by_a_cold_start)));

    [Fact]
    public void A_spare_loads_no_user_assembly_before_its_claim_and_refuses_another_build() =>
        Run(Scenario(Mp.Process(SpareJobs.A_spare_has_no_user_assembly_loaded_and_refuses_a_build_other_than_the_parents)));

    [Fact]
    public void A_changed_environment_or_working_directory_is_seen_by_the_child()
    {
        string folder = Directory.CreateTempSubdirectory("harness-spare-cwd-").FullName;
        try
        {
            Run(Scenario(Mp.Process(SpareJobs.A_changed_environment_or_folder_gets_a_cold_start_that_sees_the_change, folder)));
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Fact]
    public void Pool_workers_are_claimed_from_spares() =>
        Run(Scenario(Mp.Process(SpareJobs.Pool_workers_come_from_spares)));

    [Fact]
    public void Idle_spares_end_after_a_while() =>
        Run(Scenario(Mp.Process(SpareJobs.Idle_spares_end_after_their_lifetime)));

    [Fact]
    public void A_thousand_starts_leak_no_process_pipe_or_file()
    {
        // A thousand starts take seconds on an idle 2-core machine, and over 20 minutes at a load of 100.
        TimeSpan patience = TimeSpan.FromMinutes(45);
        using var p = Scenario(Mp.Process(SpareJobs.A_thousand_starts_leak_no_processes_pipes_or_files, 1000));
        p.OutputWriter = TextWriter.Null;
        p.Start();
        p.Join(patience).Should().BeTrue($"a thousand starts should finish within {patience}; the child printed: {p.Output}");
        p.ExitCode.Should().Be(0, $"no process, pipe or file may leak; the child printed: {p.Output}");
    }

    [Fact]
    public void No_spare_survives_its_parents_SIGKILL_and_nothing_is_left_in_shared_memory()
    {
        using var parent = Scenario(Mp.Process(SpareJobs.Keep_spares_and_a_segment_then_wait));
        parent.OutputWriter = TextWriter.Null;
        parent.Start();
        Wait.Until(() => parent.Output.Contains(Jobs.JsonMark, StringComparison.Ordinal) || !parent.IsAlive, Patience)
            .Should().BeTrue("the parent should report its spares");
        var tree = Jobs.ReadJson<SpareTree>(parent);
        tree.Spares.Should().OnlyContain(pid => NativeProcess.IsRunning(pid), "the spares are up before the kill");
        Directory.GetFiles(ResourceTracker.Directory, $"mp-{tree.Tree}-*").Should().NotBeEmpty("the parent shares memory");

        parent.Kill();
        parent.Join(Patience).Should().BeTrue();

        Wait.Until(() => !tree.Spares.Any(NativeProcess.IsRunning), TimeSpan.FromSeconds(2))
            .Should().BeTrue($"spares {string.Join(", ", tree.Spares)} must end within 2 s of their parent's SIGKILL");
        Wait.Until(() => Directory.GetFiles(ResourceTracker.Directory, $"mp-{tree.Tree}-*").Length == 0, TimeSpan.FromSeconds(2))
            .Should().BeTrue("nothing of the killed tree may stay in shared memory");
    }
}
