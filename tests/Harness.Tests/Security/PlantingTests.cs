using Harness.Native;
using Harness.Processes;
using Harness.Shared;

namespace Harness.Tests.Security;

/// <summary>
/// On a shared machine another user can create names in /tmp and /dev/shm before the harness
/// does. Each test plants something there as that user would (owned by nobody, hostile content)
/// and checks the harness refuses it, says why, and still works.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PlantingTests
{
    private static string ConfigName => $"harness-{Environment.Version}.runtimeconfig.json";

    private static string UserFolderName => $"harness-{FileTrust.UserId}";

    public static TheoryData<string> PlantedUserFolders => ["folder of another user", "link to a folder of another user", "own folder open to all", "file"];

    [Theory]
    [MemberData(nameof(PlantedUserFolders))]
    public void A_planted_per_user_folder_is_refused_with_a_reason_and_a_fresh_private_one_used(string planted)
    {
        Assert.SkipUnless(Planting.CanPlant, Planting.NeedsRoot);
        string tmp = Planting.NewSharedFolder();
        try
        {
            string target = Path.Combine(tmp, UserFolderName);
            string elsewhere = Path.Combine(tmp, "elsewhere");
            switch (planted)
            {
                case "folder of another user":
                    Planting.PlantFolder(target);
                    Planting.PlantFile(Path.Combine(target, ConfigName), Planting.HostileRuntimeConfig);
                    break;
                case "link to a folder of another user":
                    Planting.PlantFolder(elsewhere);
                    Planting.PlantLink(target, elsewhere);
                    break;
                case "own folder open to all":
                    Directory.CreateDirectory(target);
                    Planting.Chmod(target, "777");
                    break;
                default:
                    Planting.PlantFile(target, Planting.HostileRuntimeConfig);
                    break;
            }
            var warnings = new List<string>();

            string chosen = PrivateFolder.Resolve(null, tmp, warnings.Add);

            chosen.Should().NotBe(target, "a folder someone else could have made or entered must not be trusted");
            FileTrust.WhyNotPrivateFolder(chosen).Should().BeNull("the folder used instead is made for this run, private");
            warnings.Should().ContainSingle().Which.Should().Contain($"refusing '{target}'").And.Contain(chosen,
                "the warning says what was refused, why, and what is used instead");
        }
        finally
        {
            Planting.DeleteTree(tmp);
        }
    }

    [Fact]
    public void The_per_user_folder_is_created_private_and_reused_when_it_checks_out()
    {
        Assert.SkipUnless(FileTrust.Supported, "Owners are checked on Linux.");
        string tmp = Planting.NewSharedFolder();
        try
        {
            var warnings = new List<string>();
            string first = PrivateFolder.Resolve(null, tmp, warnings.Add);
            string second = PrivateFolder.Resolve(null, tmp, warnings.Add);

            first.Should().Be(Path.Combine(tmp, UserFolderName));
            second.Should().Be(first, "a folder that is this user's alone is used again");
            FileTrust.WhyNotPrivateFolder(first).Should().BeNull();
            warnings.Should().BeEmpty();
        }
        finally
        {
            Planting.DeleteTree(tmp);
        }
    }

    [Fact]
    public void An_XDG_RUNTIME_DIR_of_another_user_is_ignored_with_a_reason()
    {
        Assert.SkipUnless(Planting.CanPlant, Planting.NeedsRoot);
        string tmp = Planting.NewSharedFolder();
        try
        {
            string runtime = Path.Combine(tmp, "run-user");
            Directory.CreateDirectory(runtime);
            Planting.Chmod(runtime, "700");
            Planting.GiveToNobody(runtime);
            var warnings = new List<string>();

            string chosen = PrivateFolder.Resolve(runtime, tmp, warnings.Add);

            chosen.Should().Be(Path.Combine(tmp, UserFolderName), "the temp folder's per-user folder is the fallback");
            warnings.Should().ContainSingle().Which.Should().Contain("ignoring XDG_RUNTIME_DIR").And.Contain("uid 65534");
        }
        finally
        {
            Planting.DeleteTree(tmp);
        }
    }

    [Fact]
    public void A_private_XDG_RUNTIME_DIR_is_used()
    {
        Assert.SkipUnless(FileTrust.Supported, "Owners are checked on Linux.");
        string tmp = Planting.NewSharedFolder();
        try
        {
            string runtime = Path.Combine(tmp, "run-user");
            Directory.CreateDirectory(runtime);
            Planting.Chmod(runtime, "700");
            var warnings = new List<string>();

            PrivateFolder.Resolve(runtime, tmp, warnings.Add).Should().Be(Path.Combine(runtime, "harness"));
            warnings.Should().BeEmpty();
        }
        finally
        {
            Planting.DeleteTree(tmp);
        }
    }

    public static TheoryData<string> PlantedForAChild => ["per-user folder", "runtime dir"];

    [Theory]
    [MemberData(nameof(PlantedForAChild))]
    public void A_child_starts_correctly_when_hostile_runtime_configs_are_planted_at_every_predictable_name(string where)
    {
        Assert.SkipUnless(Planting.CanPlant, Planting.NeedsRoot);
        string tmp = Planting.NewSharedFolder();
        try
        {
            // The name the harness once used in the shared temp folder, and the per-user folder's.
            Planting.PlantFile(Path.Combine(tmp, ConfigName), Planting.HostileRuntimeConfig);
            string planted = Path.Combine(tmp, UserFolderName);
            Planting.PlantFolder(planted);
            Planting.PlantFile(Path.Combine(planted, ConfigName), Planting.HostileRuntimeConfig);
            string runtime = Path.Combine(tmp, "run-user");
            if (where == "runtime dir")
            {
                Planting.PlantFolder(runtime);
                Planting.PlantFolder(Path.Combine(runtime, "harness"));
                Planting.PlantFile(Path.Combine(runtime, "harness", ConfigName), Planting.HostileRuntimeConfig);
            }

            using var p = Mp.Process(SecurityJobs.StartGrandchildWithWrittenRuntimeConfig);
            p.ExtraEnvironment["TMPDIR"] = tmp;
            p.ExtraEnvironment["XDG_RUNTIME_DIR"] = where == "runtime dir" ? runtime : "";
            Children.Start(p).JoinOk();

            p.Output.Should().Contain("ended=True exit=0").And.Contain($"grandchild: {SecurityJobs.Hello}",
                $"the grandchild must start under a runtime config the harness wrote itself; the child printed: {p.Output}");
            p.Output.Should().Contain($"refusing '{planted}'", "the planted folder is refused with a reason");
            if (where == "runtime dir")
            {
                p.Output.Should().Contain($"ignoring XDG_RUNTIME_DIR='{runtime}'");
            }
            File.ReadAllText(Path.Combine(planted, ConfigName)).Should().Be(Planting.HostileRuntimeConfig, "the planted file is left alone");
        }
        finally
        {
            Planting.DeleteTree(tmp);
        }
    }

    [Fact]
    public void A_child_starts_under_a_runtime_config_written_in_the_private_folder()
    {
        using var p = Children.Start(Mp.Process(SecurityJobs.StartGrandchildWithWrittenRuntimeConfig));
        p.JoinOk();

        p.Output.Should().Contain("ended=True exit=0").And.Contain($"grandchild: {SecurityJobs.Hello}", p.Output);
        string folder = p.Output.Split('\n').Single(l => l.StartsWith("folder: ", StringComparison.Ordinal))["folder: ".Length..].Trim();
        File.Exists(Path.Combine(folder, ConfigName)).Should().BeTrue("the written runtime config lives in the private folder");
        if (FileTrust.Supported)
        {
            FileTrust.WhyNotPrivateFolder(folder).Should().BeNull();
        }
    }

    [Fact]
    public void A_pool_socket_is_in_a_private_folder_another_user_cannot_connect_through()
    {
        using var pool = Mp.Pool(1);
        pool.Apply(PoolSquare, 7).Should().Be(49);
        string socket = pool.SocketPath;
        Assert.SkipUnless(FileTrust.Supported, "Owners are checked on Linux.");

        FileTrust.WhyNotPrivateFolder(Path.GetDirectoryName(socket)!).Should().BeNull("no other user may even reach the socket");
        if (Planting.CanPlant)
        {
            var (code, output) = Planting.RunAsNobody("python3", "-c",
                "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ntry:\n s.connect(sys.argv[1]); print('connected')\nexcept OSError as e: print(type(e).__name__)", socket);
            output.Should().Contain("PermissionError", $"another user must not be able to connect (exit {code})");
        }
    }

    private static int PoolSquare(int x) => x * x;

    [Fact]
    public void A_segment_name_taken_over_by_another_user_is_refused_when_opened()
    {
        Assert.SkipUnless(Planting.CanPlant, Planting.NeedsRoot);
        string name = SegmentFiles.NewName();
        string path = ResourceTracker.PathOf(name);
        try
        {
            // A complete, valid-looking header: only the owner check stands in the way.
            using (var real = Mp.Value(41))
            {
                File.Copy(ResourceTracker.PathOf(real.Name), path);
            }
            Planting.Chmod(path, "666");
            Planting.GiveToNobody(path);

            var open = () => SharedSegment.Open(name, SegmentKind.Value);

            open.Should().Throw<UnauthorizedAccessException>()
                .WithMessage($"*'{name}' can't be trusted*belongs to another user (uid 65534)*");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_child_refuses_a_shared_value_whose_file_another_user_replaced()
    {
        Assert.SkipUnless(Planting.CanPlant, Planting.NeedsRoot);
        using var v = Mp.Value(5);
        string path = ResourceTracker.PathOf(v.Name);
        byte[] bytes = File.ReadAllBytes(path);
        File.Delete(path);
        File.WriteAllBytes(path, bytes);
        Planting.Chmod(path, "666");
        Planting.GiveToNobody(path);

        using var p = Children.Start(Mp.Process(SecurityJobs.ReadValue, v));
        p.Join(Children.Patience).Should().BeTrue();

        p.ExitCode.Should().Be(1, "the child must not use the planted file");
        p.Error!.RemoteType.Should().Be(typeof(UnauthorizedAccessException).FullName);
        p.Error.Message.Should().Contain("belongs to another user (uid 65534)");
        p.Output.Should().NotContain("value=");
    }

    [Fact]
    public void A_symbolic_link_at_a_segment_name_is_never_followed()
    {
        Assert.SkipUnless(FileTrust.Supported, "Owners are checked on Linux.");
        using var real = Mp.Value(7);
        string name = SegmentFiles.NewName();
        string path = ResourceTracker.PathOf(name);
        try
        {
            File.CreateSymbolicLink(path, ResourceTracker.PathOf(real.Name));
            if (Planting.CanPlant)
            {
                Planting.GiveToNobody(path);
            }

            var open = () => SharedSegment.Open(name, SegmentKind.Value);

            open.Should().Throw<UnauthorizedAccessException>().WithMessage("*symbolic link*");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_segment_file_other_users_can_write_is_refused_even_when_it_is_ours()
    {
        Assert.SkipUnless(FileTrust.Supported, "Owners are checked on Linux.");
        using var real = Mp.Value(7);
        string path = ResourceTracker.PathOf(real.Name);
        Planting.Chmod(path, "666");

        var open = () => SharedSegment.Open(real.Name, SegmentKind.Value);

        open.Should().Throw<UnauthorizedAccessException>().WithMessage("*other users can use it (mode 666*");
    }

    [Fact]
    public void Creating_a_segment_file_never_follows_a_planted_link_or_reuses_a_planted_file()
    {
        Assert.SkipUnless(FileTrust.Supported, "Owners are checked on Linux.");
        string victim = Path.Combine(Directory.CreateTempSubdirectory("harness-victim-").FullName, "precious.txt");
        File.WriteAllText(victim, "precious");
        string link = ResourceTracker.PathOf(SegmentFiles.NewName());
        string file = ResourceTracker.PathOf(SegmentFiles.NewName());
        try
        {
            File.CreateSymbolicLink(link, victim);
            File.WriteAllText(file, "planted");
            if (Planting.CanPlant)
            {
                Planting.GiveToNobody(link);
                Planting.GiveToNobody(file);
            }

            ((Action)(() => SegmentFiles.CreateExclusive(link).Dispose())).Should().Throw<IOException>();
            ((Action)(() => SegmentFiles.CreateExclusive(file).Dispose())).Should().Throw<IOException>();

            File.ReadAllText(victim).Should().Be("precious", "a link's target is never opened, let alone truncated");
            File.ReadAllText(file).Should().Be("planted");
        }
        finally
        {
            File.Delete(link);
            File.Delete(file);
            Planting.DeleteTree(Path.GetDirectoryName(victim)!);
        }
    }
}
