using static Harness.Tests.Conformance.ConformanceJobs;

namespace Harness.Tests.Conformance;

/// <summary>
/// CPython's <c>_TestValue</c> and <c>_TestArray</c>, case by case under their names. Deliberate
/// differences: a typecode ('i', 'd', 'h') is the type argument; RawValue and RawArray are
/// withLock: false; getobj() has no counterpart (the object is the shared memory itself).
/// </summary>
public sealed class SharedCTypesConformanceTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void test_value_and_test_rawvalue(bool withLock)
    {
        using var i = Mp.Value(25, withLock);
        using var d = Mp.Value(1.25, withLock);
        using var c = Mp.Value('x', withLock);
        i.Value.Should().Be(25);
        d.Value.Should().Be(1.25);
        c.Value.Should().Be('x');

        using var p = Mp.Process(SetValues, i, d, c);
        p.OutputWriter = TextWriter.Null;
        p.Start();
        p.JoinOk();

        i.Value.Should().Be(8, "the child's writes are in the shared memory");
        d.Value.Should().Be(1.0 / 3.0);
        c.Value.Should().Be('y');
    }

    [Fact]
    public void test_getobj_getlock()
    {
        using var val1 = Mp.Value(5);
        val1.GetLock().Should().NotBeNull("a Value made with a lock has one");

        using var val2 = Mp.Value(5, withLock: false);
        val2.Invoking(v => v.GetLock()).Should().Throw<InvalidOperationException>("a Value made with lock=False has no get_lock()");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void test_array_and_test_rawarray(bool withLock)
    {
        int[] seq = [680, 626, 934, 821, 150, 233, 548, 982, 714, 831];
        using var arr = Mp.Array<int>(seq, withLock);
        arr.Length.Should().Be(seq.Length);
        arr[3].Should().Be(seq[3]);
        arr.ToArray().Should().Equal(seq);
        arr.AsSpan()[2..5].ToArray().Should().Equal(seq[2..5]);
        arr[4] = 9;
        seq[4] = 9;
        arr.ToArray().Should().Equal(seq);

        using var p = Mp.Process(CumulativeSum, arr);
        p.OutputWriter = TextWriter.Null;
        p.Start();
        p.JoinOk();

        for (int i = 1; i < seq.Length; i++)
        {
            seq[i] += seq[i - 1];
        }
        arr.ToArray().Should().Equal(seq, "the child's running sum is in the shared array");
    }

    [Fact]
    public void test_array_from_size()
    {
        using var arr = Mp.Array<int>(10);

        arr.Length.Should().Be(10);
        arr.ToArray().Should().OnlyContain(x => x == 0, "Array('i', size) is zero-filled");
        FluentActions.Invoking(() => Mp.Array<int>(-1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void test_getobj_getlock_obj()
    {
        using var arr1 = Mp.Array<double>(10);
        arr1.GetLock().Should().NotBeNull();

        using var arr2 = Mp.Array<double>(10, withLock: false);
        arr2.Invoking(a => a.GetLock()).Should().Throw<InvalidOperationException>();
    }
}
