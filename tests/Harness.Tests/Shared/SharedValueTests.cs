using FsCheck.Xunit;
using Harness.Shared;

namespace Harness.Tests.SharedMemory;

public sealed class SharedValueTests
{
    public record struct Point(int X, double Y);

    private static void AddTen(SharedValue<long> v) => v.Value += 10;

    private static void Report(SharedValue<Point> p) => Console.WriteLine($"{p.Value.X} {p.Value.Y}");

    private static void SetFromChild(SharedValue<Point> p) => p.Value = new Point(Environment.ProcessId, 2.5);

    [Fact]
    public void A_child_writes_the_parents_value_through_shared_memory()
    {
        using var v = Mp.Value(32L);
        using var p = Children.Start(Mp.Process(AddTen, v));
        p.JoinOk();

        v.Value.Should().Be(42, "the child added 10 to the very memory the parent reads");
    }

    [Fact]
    public void A_struct_value_crosses_both_ways()
    {
        using var v = Mp.Value(new Point(7, 1.5), withLock: false);
        using (var p = Children.Start(Mp.Process(Report, v)))
        {
            p.JoinOk();
            p.Output.Should().Contain("7 1.5", "the child reads the struct the parent stored");
        }
        using (var p = Children.Start(Mp.Process(SetFromChild, v)))
        {
            p.JoinOk();
            v.Value.Should().Be(new Point(p.Pid!.Value, 2.5), "the child's write is visible in the parent");
        }
    }

    [Property(MaxTest = 50)]
    public void Any_double_or_long_reads_back_as_stored(double d, long l)
    {
        using var vd = Mp.Value(d);
        using var vl = Mp.Value<long>(withLock: false);
        vl.Value = l;

        vd.Value.Should().Be(d);
        vl.Value.Should().Be(l);
    }

    [Fact]
    public void The_default_value_is_zero_and_withLock_false_has_no_lock()
    {
        using var v = Mp.Value<int>(withLock: false);

        v.Value.Should().Be(0);
        v.Invoking(x => x.GetLock()).Should().Throw<InvalidOperationException>().WithMessage("*withLock: false*");
    }

    [Fact]
    public void A_locked_value_hands_out_its_rlock()
    {
        using var v = Mp.Value(1);
        MpRLock l = v.GetLock();
        using (l.Hold())
        {
            v.Value = 5; // re-entrant: the setter takes the same lock again
        }
        v.Value.Should().Be(5);
    }

    [Fact]
    public void Opening_a_value_as_another_type_is_refused()
    {
        using var v = Mp.Value(1);

        var open = () => SharedValue<long>.Open(v.Name, v.LockName);

        open.Should().Throw<InvalidOperationException>().WithMessage("*not System.Int64*");
    }

    [Fact]
    public void A_name_that_is_not_a_segment_is_refused_before_touching_the_file_system()
    {
        var open = () => SharedValue<int>.Open("../../etc/passwd", null);

        open.Should().Throw<ArgumentException>().WithMessage("*not the name of a harness shared segment*");
    }

    [Fact]
    public void The_segment_is_a_private_file_with_an_unguessable_name_removed_by_the_creators_Dispose()
    {
        var v = Mp.Value(1);
        var w = Mp.Value(1);
        string path = ResourceTracker.PathOf(v.Name);
        try
        {
            File.Exists(path).Should().BeTrue();
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "only the user who made it may read it");
            }
            v.Name.Should().MatchRegex("^mp-[0-9a-f]{16}-[0-9a-f]{32}$", "128 random bits follow the tree id");
            v.Name.Should().NotBe(w.Name);
        }
        finally
        {
            v.Dispose();
            w.Dispose();
        }
        File.Exists(path).Should().BeFalse("the creator's Dispose removes the name");
        v.Invoking(x => x.Value).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void A_child_opening_a_value_already_removed_gets_a_clear_error()
    {
        var v = Mp.Value(1);
        string name = v.Name;
        v.Dispose();

        var open = () => SharedValue<int>.Open(name, null);

        open.Should().Throw<InvalidOperationException>().WithMessage("*no longer exists*");
    }
}
