using System.Numerics;
using FsCheck.Xunit;

namespace Harness.Tests.Persistence;

public sealed class PickleRoundTripTests
{
    public sealed record Person(string Name, int Age, List<string> Tags);

    public enum Level { Low, High }

    public sealed record Point(double X, double Y);

    public sealed class Faulty
    {
        private readonly string _why = "no value yet";

        public int Boom => throw new InvalidOperationException(_why);
    }

    public sealed class Settings
    {
        public string Title { get; set; } = "";
        public Level Level { get; set; }
        public int? Limit { get; set; }
        public Point[] Path { get; set; } = [];
        public Dictionary<string, long> Counts { get; set; } = [];
        public byte[] Blob { get; init; } = [];
        public BigInteger Big { get; set; }
        public (int, string) Pair { get; set; }
    }

    [Fact]
    public void The_course_dict_round_trips_with_its_mixed_keys()
    {
        var course = PickleFixtures.Course();

        var loaded = (Dictionary<object, object?>)Pickle.Loads(Pickle.Dumps(course))!;

        Pickle.SameData(loaded, course).Should().BeTrue("loads(dumps(d)) gives d back, but got {0}", PickleFixtures.Show(loaded));
        loaded[2].Should().BeOfType<List<object?>>().Which.Should().Equal(23, 1, 4);
        loaded["24"].Should().BeOfType<Dictionary<object, object?>>().Which[1].Should().Be(2,
            "the int key 2 and the str key '24' are different keys, and so are 1 and 'd' inside");
    }

    [Fact]
    public void Every_kind_of_plain_data_round_trips()
    {
        var rich = PickleFixtures.Rich();

        object? loaded = Pickle.Loads(Pickle.Dumps(rich));

        Pickle.SameData(loaded, rich).Should().BeTrue("big ints, bytes, NaN, infinities, tuples and empty containers all survive; got {0}", PickleFixtures.Show(loaded));
        ((List<object?>)((Dictionary<object, object?>)loaded!)["ints"]!).Select(i => i!.GetType())
            .Should().Equal(PickleFixtures.Ints.Select(i => i.GetType()), "ints come back as the smallest of int, long and BigInteger");
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(PlainDataGen)])]
    public void Any_plain_data_graph_round_trips(object? graph)
    {
        object? loaded = Pickle.Loads(Pickle.Dumps(graph));

        Pickle.SameData(loaded, graph).Should().BeTrue("expected {0} but got {1}", PickleFixtures.Show(graph), PickleFixtures.Show(loaded));
    }

    [Fact]
    public void A_positional_record_is_written_as_a_dict_and_loads_back_as_the_record()
    {
        var ann = new Person("Ann", 30, ["x", "y"]);
        byte[] data = Pickle.Dumps(ann);

        Pickle.Loads(data).Should().BeEquivalentTo(new Dictionary<object, object?> { ["Name"] = "Ann", ["Age"] = 30, ["Tags"] = new List<object?> { "x", "y" } },
            "a record is pickled as a plain dict of its public properties, which Python can read");
        Person back = Pickle.Loads<Person>(data);
        back.Name.Should().Be("Ann");
        back.Age.Should().Be(30);
        back.Tags.Should().Equal("x", "y");
    }

    [Fact]
    public void A_class_with_settable_properties_nested_records_and_collections_round_trips()
    {
        var settings = new Settings
        {
            Title = "t", Level = Level.High, Limit = null, Path = [new(1, 2), new(double.NaN, -0.0)],
            Counts = new() { ["a"] = long.MaxValue }, Blob = [1, 2, 3], Big = BigInteger.Pow(3, 90), Pair = (7, "seven"),
        };

        Settings back = Pickle.Loads<Settings>(Pickle.Dumps(settings));

        back.Should().BeEquivalentTo(settings, "every property comes back, through dicts, lists and tuples");
    }

    [Fact]
    public void Load_of_a_record_names_a_missing_property()
    {
        byte[] data = Pickle.Dumps(new Dictionary<object, object?> { ["Name"] = "Ann", ["Tags"] = new List<object?>() });

        var load = () => Pickle.Loads<Person>(data);

        load.Should().Throw<PickleException>().WithMessage("*Person.Age*missing*'Name'*", "the message names the missing property and the keys that were there");
    }

    [Fact]
    public void Load_of_a_record_names_a_property_of_the_wrong_type()
    {
        byte[] data = Pickle.Dumps(new Dictionary<object, object?> { ["Name"] = "Ann", ["Age"] = "thirty", ["Tags"] = new List<object?>() });

        var load = () => Pickle.Loads<Person>(data);

        load.Should().Throw<PickleException>().WithMessage("*Person.Age is a Int32, but the data holds a str ('thirty')*");
    }

    [Fact]
    public void Load_of_an_int_too_big_for_the_property_says_so()
    {
        byte[] data = Pickle.Dumps(new Dictionary<object, object?> { ["Name"] = "Ann", ["Age"] = 1L << 40, ["Tags"] = new List<object?>() });

        var load = () => Pickle.Loads<Person>(data);

        load.Should().Throw<PickleException>().WithMessage("*Person.Age*1099511627776*doesn't fit*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void A_dict_holding_itself_is_written_and_loads_holding_itself_as_in_Python(int protocol)
    {
        var d = new Dictionary<object, object?>();
        d["me"] = d;

        var loaded = (Dictionary<object, object?>)Pickle.Loads(Pickle.Dumps(d, protocol))!;

        loaded["me"].Should().BeSameAs(loaded, "the memo writes the dict before its items, so its own entry refers back to it");
    }

    [Fact]
    public void Nesting_deeper_than_the_reader_takes_is_refused_when_written()
    {
        object? deep = 1;
        for (int i = 0; i < 1001; i++)
        {
            deep = new List<object?> { deep };
        }

        var dump = () => OnSmallStack(() => Pickle.Dumps(deep));

        dump.Should().Throw<PickleException>().WithMessage("*more than 1000 levels*");
    }

    /// <summary>Runs <paramref name="f"/> on a thread with a 256 KB stack, far less than 1000 levels of writing need.</summary>
    private static T OnSmallStack<T>(Func<T> f)
    {
        T result = default!;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? error = null;
        var t = new Thread(() =>
        {
            try
            {
                result = f();
            }
            catch (Exception e)
            {
                error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
        }, 256 * 1024);
        t.Start();
        t.Join(TimeSpan.FromSeconds(60)).Should().BeTrue();
        error?.Throw();
        return result;
    }

    [Fact]
    public void Nesting_as_deep_as_the_reader_takes_round_trips()
    {
        object? deep = 1;
        for (int i = 0; i < 1000; i++)
        {
            deep = new List<object?> { deep };
        }

        byte[] written = OnSmallStack(() => Pickle.Dumps(deep));

        Pickle.SameData(Pickle.Loads(written), deep).Should().BeTrue("1000 levels are what Python's own recursion limit allows, whatever the caller's stack");
    }

    [Theory]
    [InlineData("date")]
    [InlineData("decimal")]
    [InlineData("delegate")]
    [InlineData("list key")]
    public void Values_that_are_not_plain_data_are_refused_naming_where_they_are(string what)
    {
        object value = what switch
        {
            "date" => new Dictionary<string, object> { ["when"] = DateTime.UnixEpoch },
            "decimal" => new List<object> { 1.5m },
            "delegate" => new object[] { (Func<int>)(() => 1) },
            _ => new Dictionary<object, object?> { [new List<object?>()] = 1 },
        };

        var dump = () => Pickle.Dumps(value);

        dump.Should().Throw<PickleException>("{0} isn't plain data", what).Which.Message.Should().MatchRegex(@"the value(\[|\b)");
    }

    [Fact]
    public void Loaded_dicts_find_int_keys_whatever_their_width_and_tuple_keys_by_value()
    {
        var loaded = (Dictionary<object, object?>)Pickle.Loads(Pickle.Dumps(PickleFixtures.Rich()))!;

        loaded[2L].Should().BeSameAs(loaded[2]);
        loaded[new BigInteger(2)].Should().BeSameAs(loaded[2]);
        loaded[new object?[] { 1, "k" }].Should().Be("tuple key");
        loaded.ContainsKey("2").Should().BeFalse("the str '2' is not the int 2");
    }

    [Fact]
    public void DumpFile_then_LoadFile_round_trips_and_Load_T_reads_a_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pickle-test-{Guid.NewGuid():N}.pickle");
        try
        {
            Pickle.DumpFile(new Person("Bo", 4, []), path);

            Pickle.LoadFile<Person>(path).Name.Should().Be("Bo");
            Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}*").Should().BeEmpty("the temporary file was renamed into place");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_list_held_twice_is_written_once_and_loads_as_one_shared_list()
    {
        var shared = new List<object?> { 1, "x" };
        var pair = new object?[] { shared, shared };

        var loaded = (object?[])Pickle.Loads(Pickle.Dumps(pair))!;

        loaded[0].Should().BeSameAs(loaded[1], "the pickle's memo keeps one list referred to twice, as Python does");
        Pickle.SameData(loaded, pair).Should().BeTrue();
    }

    [Fact]
    public void Sharing_is_kept_in_graphs_with_many_containers_too()
    {
        var first = new List<object?> { "first" };
        var many = Enumerable.Range(0, 40).Select(i => (object?)new List<object?> { i }).Prepend(first).Append(first).ToList();

        var loaded = (List<object?>)Pickle.Loads(Pickle.Dumps(many))!;

        loaded[0].Should().BeSameAs(loaded[^1], "past a handful of containers the identity map moves to a hash table and must still see the repeat");
        Pickle.SameData(loaded, many).Should().BeTrue();
    }

    [Fact]
    public void A_property_that_throws_is_reported_as_a_PickleException_naming_it()
    {
        var dump = () => Pickle.Dumps(new Dictionary<string, object> { ["f"] = new Faulty() });

        dump.Should().Throw<PickleException>().WithMessage("Can't pickle the value['f']: reading Faulty.Boom threw InvalidOperationException: no value yet*")
            .WithInnerException<InvalidOperationException>();
    }

    [Fact]
    public void A_refusal_says_where_in_the_value_the_problem_is()
    {
        var value = new Dictionary<string, object> { ["people"] = new List<object> { new Person("Ann", 1, []), new { When = DateTime.UnixEpoch } } };

        var dump = () => Pickle.Dumps(value);

        dump.Should().Throw<PickleException>().WithMessage("Can't pickle the value['people'][1].When: a DateTime is not plain data*");
    }

    [Fact]
    public void Threads_pickling_at_the_same_time_each_get_their_own_data_back()
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 8, new ParallelOptions { CancellationToken = TestContext.Current.CancellationToken }, t =>
        {
            for (int i = 0; i < 2000; i++)
            {
                var mine = new Dictionary<object, object?> { ["thread"] = t, ["i"] = i, ["items"] = new List<object?> { t, i, new object?[] { t } } };
                if (!Pickle.SameData(Pickle.Loads(Pickle.Dumps(mine)), mine))
                {
                    failures.Add($"thread {t} round {i}");
                }
            }
        });

        failures.Should().BeEmpty("Dumps and Loads keep no state shared between threads");
    }
}
