using FsCheck.Xunit;

namespace Harness.Tests.SharedMemory;

public sealed class SharedArrayTests
{
    private static void Square(SharedArray<int> a)
    {
        Span<int> s = a.AsSpan();
        for (int i = 0; i < s.Length; i++)
        {
            s[i] *= s[i];
        }
    }

    private static void Fill(SharedArray<double> a, int from, int count)
    {
        for (int i = from; i < from + count; i++)
        {
            a[i] = i * 0.5;
        }
    }

    [Fact]
    public void The_course_array_is_squared_in_place_by_a_child()
    {
        using var a = Mp.Array<int>([1, 2, 3]);
        using var p = Children.Start(Mp.Process(Square, a));
        p.JoinOk();

        a.ToArray().Should().Equal([1, 4, 9], "the child wrote into the shared elements");
    }

    [Fact]
    public void Two_children_fill_disjoint_halves_through_the_locked_indexer()
    {
        using var a = Mp.Array<double>(100);
        using var p1 = Children.Start(Mp.Process(Fill, a, 0, 50));
        using var p2 = Children.Start(Mp.Process(Fill, a, 50, 50));
        p1.JoinOk();
        p2.JoinOk();

        a.ToArray().Should().Equal(Enumerable.Range(0, 100).Select(i => i * 0.5));
    }

    [Property(MaxTest = 50)]
    public void Any_array_reads_back_as_stored(long[] values)
    {
        using var a = Mp.Array<long>(values, withLock: false);

        a.Length.Should().Be(values.Length);
        a.ToArray().Should().Equal(values);
    }

    [Fact]
    public void An_index_out_of_range_names_the_length()
    {
        using var a = Mp.Array<int>(3);

        a.Invoking(x => x[3]).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*3 elements*");
        a.Invoking(x => x[-1] = 1).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_negative_length_is_refused()
    {
        var make = () => Mp.Array<int>(-1);

        make.Should().Throw<ArgumentOutOfRangeException>();
    }
}
