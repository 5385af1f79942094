using System.Numerics;

namespace Harness.Tests.Persistence;

/// <summary>Files that Python 3 wrote (Fixtures/make_fixtures.py, committed) load as the same data.</summary>
public sealed class PythonFixtureTests
{
    public static TheoryData<int> Protocols => [0, 1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Protocols))]
    public void The_course_dict_written_by_Python_loads_equal(int protocol)
    {
        object? loaded = Pickle.LoadFile(PickleFixtures.PathOf($"course.p{protocol}.pickle"));

        Pickle.SameData(loaded, PickleFixtures.Course()).Should().BeTrue(
            "Python wrote {{'da': 111, 2: [23, 1, 4], '24': {{1: 2, 'd': 'sad'}}}} with protocol {0}, but this loaded {1}",
            protocol, PickleFixtures.Show(loaded));
        var dict = loaded.Should().BeOfType<Dictionary<object, object?>>().Subject;
        dict[2].Should().BeOfType<List<object?>>("a Python list loads as List<object?>");
        dict["24"].Should().BeOfType<Dictionary<object, object?>>("a nested dict loads as Dictionary<object, object?>");
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Every_kind_of_plain_data_written_by_Python_loads_equal(int protocol)
    {
        object? loaded = Pickle.LoadFile(PickleFixtures.PathOf($"rich.p{protocol}.pickle"));

        var dict = loaded.Should().BeOfType<Dictionary<object, object?>>().Subject;
        var expected = PickleFixtures.Rich();
        foreach (var (key, value) in expected)
        {
            dict.Should().ContainKey(key, "Python's dict has the key {0}", PickleFixtures.Show(key));
            Pickle.SameData(dict[key], value).Should().BeTrue(
                "under {0}, protocol {1}: expected {2} but loaded {3}", PickleFixtures.Show(key), protocol, PickleFixtures.Show(value), PickleFixtures.Show(dict[key]));
        }
        dict.Should().HaveCount(expected.Count);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Python_ints_load_as_the_smallest_of_int_long_and_BigInteger(int protocol)
    {
        var dict = (Dictionary<object, object?>)Pickle.LoadFile(PickleFixtures.PathOf($"rich.p{protocol}.pickle"))!;
        var ints = (List<object?>)dict["ints"]!;

        ints.Select(i => i!.GetType()).Should().Equal(
            PickleFixtures.Ints.Select(i => i.GetType()),
            "0 .. 2**31-1 load as int, up to 2**63-1 as long, beyond as BigInteger");
        ints[^1].Should().Be(BigInteger.Pow(2, 2100));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Tuples_bytes_and_bytearrays_written_by_Python_load_as_object_arrays_and_byte_arrays(int protocol)
    {
        var dict = (Dictionary<object, object?>)Pickle.LoadFile(PickleFixtures.PathOf($"rich.p{protocol}.pickle"))!;

        dict["tuple"].Should().BeOfType<object?[]>("a Python tuple loads as object?[]");
        ((List<object?>)dict["bytes"]!).Should().AllBeOfType<byte[]>("bytes and bytearray both load as byte[]");
        dict[new object?[] { 1, "k" }].Should().Be("tuple key", "a tuple key is found by value, like in Python");
        dict["bk"u8.ToArray()].Should().Be("bytes key", "a bytes key is found by value, like in Python");
        dict[2L].Should().BeSameAs(dict[2], "2 and 2L are the same key, as 2 is in Python");
    }

    [Theory]
    [InlineData("os_system.pickle", "os.system")]
    [InlineData("datetime.pickle", "datetime")]
    [InlineData("set.pickle", "set")]
    [InlineData("ordered_dict.pickle", "collections.OrderedDict")]
    [InlineData("complex.pickle", "complex")]
    public void Python_objects_that_are_not_plain_data_are_refused_by_name(string file, string named)
    {
        var load = () => Pickle.LoadFile(PickleFixtures.PathOf(file));

        load.Should().Throw<PickleException>("only plain data may come out of a pickle; anything else could be a trap")
            .WithMessage($"*{named}*");
    }
}
