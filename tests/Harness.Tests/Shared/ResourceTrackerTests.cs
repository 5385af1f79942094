using Harness.Shared;

namespace Harness.Tests.SharedMemory;

public sealed class ResourceTrackerTests
{
    /// <summary>Becomes the root of its own tree (as if started from a shell), makes shared objects, and hangs.</summary>
    private static void CreateAndHang()
    {
        ResourceTracker.StartNewTree();
        var v = Mp.Value(1);
        var a = Mp.Array<int>(3);
        var l = Mp.Lock();
        Console.WriteLine($"names {v.Name} {v.LockName} {a.Name} {a.LockName} {l.Name}");
        Thread.Sleep(Timeout.Infinite);
        GC.KeepAlive(v);
        GC.KeepAlive(a);
        GC.KeepAlive(l);
    }

    /// <summary>The paths of the segments the child made, once it has made them.</summary>
    private static string[] SegmentsOf(MpProcess p)
    {
        Children.WaitUntil(() => p.Output.Contains("names ", StringComparison.Ordinal) || !p.IsAlive, "the child to create its segments");
        string[] paths = [.. p.Output.Split('\n').First(line => line.StartsWith("names ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(ResourceTracker.PathOf)];
        paths.Should().HaveCount(5);
        paths.Should().OnlyContain(path => File.Exists(path), "the child's segments exist while it runs");
        return paths;
    }

    [Fact]
    public void A_tree_whose_root_is_killed_with_SIGKILL_leaves_nothing_in_dev_shm()
    {
        using var p = Children.Start(Mp.Process(CreateAndHang));
        string[] paths = SegmentsOf(p);

        p.Kill();
        p.Join(Children.Patience).Should().BeTrue();

        Children.WaitUntil(() => !paths.Any(File.Exists), "the tracker to remove the killed tree's segments");
    }

    [Fact]
    public void Children_join_their_parents_tree_so_one_tracker_serves_them()
    {
        using var v = Mp.Value(1);
        string tree = v.Name.Split('-')[1];

        Environment.GetEnvironmentVariable(ResourceTracker.TreeVariable).Should().StartWith(tree + ".",
            "children inherit the tree id, and name their segments after it");
    }

    [Fact]
    public void A_tree_killed_as_a_whole_the_way_tools_stop_a_run_leaves_nothing_in_dev_shm()
    {
        using var p = Children.Start(Mp.Process(CreateAndHang));
        string[] paths = SegmentsOf(p);

        // What `kata check` does on a timeout and a CI runner on cancel: SIGKILL to every process of the tree.
        using (var root = System.Diagnostics.Process.GetProcessById(p.Pid!.Value))
        {
            root.Kill(entireProcessTree: true);
        }
        p.Join(Children.Patience).Should().BeTrue();

        Children.WaitUntil(() => !paths.Any(File.Exists), "the tracker, which is not part of the tree, to remove the killed tree's segments");
    }
}
