using FsCheck;
using FsCheck.Fluent;

namespace Harness.Tests.Persistence;

/// <summary>
/// Python 3 itself reads what Pickle writes, and what it writes back loads here equal. Skipped,
/// saying why, where python3 is not installed.
/// </summary>
public sealed class PythonTwoWayTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pickle-2way-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Python_loads_every_kind_of_plain_data_that_we_write()
    {
        Assert.SkipWhen(PickleFixtures.Python is null, PickleFixtures.PythonMissing);
        string file = Path.Combine(_folder, "rich.pickle");
        Pickle.DumpFile(PickleFixtures.Rich(), file);

        var (exitCode, output) = PickleFixtures.RunPython("pickle_roundtrip.py", "check", file);

        exitCode.Should().Be(0, "Python should load our pickle and find make_fixtures.RICH in it; it said: {0}", output);
        output.Should().StartWith("OK");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void What_Python_writes_back_from_our_pickle_loads_equal(int protocol)
    {
        Assert.SkipWhen(PickleFixtures.Python is null, PickleFixtures.PythonMissing);
        string ours = Path.Combine(_folder, "ours.pickle"), theirs = Path.Combine(_folder, $"theirs.p{protocol}.pickle");
        Pickle.DumpFile(PickleFixtures.Rich(), ours);

        var (exitCode, output) = PickleFixtures.RunPython("pickle_roundtrip.py", "echo", ours, theirs, protocol.ToString(System.Globalization.CultureInfo.InvariantCulture));

        exitCode.Should().Be(0, "Python should load our pickle and write it again; it said: {0}", output);
        object? back = Pickle.LoadFile(theirs);
        Pickle.SameData(back, PickleFixtures.Rich()).Should().BeTrue("the data went through Python with protocol {0} and came back as {1}", protocol, PickleFixtures.Show(back));
    }

    [Fact]
    public void Python_reads_a_record_as_a_dict_of_its_properties()
    {
        Assert.SkipWhen(PickleFixtures.Python is null, PickleFixtures.PythonMissing);
        string file = Path.Combine(_folder, "person.pickle");
        Pickle.DumpFile(new PickleRoundTripTests.Person("Ann", 30, ["x", "y"]), file);

        var (exitCode, output) = PickleFixtures.RunPython("pickle_roundtrip.py", "repr", file);

        exitCode.Should().Be(0, output);
        output.TrimEnd().Should().Be("{'Name': 'Ann', 'Age': 30, 'Tags': ['x', 'y']}", "a record is pickled as a plain dict, in the order of its properties");
    }

    [Fact]
    public void Generated_graphs_go_through_Python_and_come_back_equal()
    {
        Assert.SkipWhen(PickleFixtures.Python is null, PickleFixtures.PythonMissing);
        // One Python process for a batch of graphs (a tuple of them), not one per graph.
        var graphs = Gen.Sample(PlainDataGen.Graphs().Generator, 12, 60).ToArray();
        string ours = Path.Combine(_folder, "graphs.pickle"), theirs = Path.Combine(_folder, "graphs.p5.pickle");
        Pickle.DumpFile(graphs, ours);

        var (exitCode, output) = PickleFixtures.RunPython("pickle_roundtrip.py", "echo", ours, theirs, "5");

        exitCode.Should().Be(0, "Python should load our pickle; it said: {0}", output);
        var back = Pickle.LoadFile(theirs).Should().BeOfType<object?[]>().Subject;
        back.Should().HaveCount(graphs.Length);
        for (int i = 0; i < graphs.Length; i++)
        {
            Pickle.SameData(back[i], graphs[i]).Should().BeTrue("graph {0} was {1} and came back from Python as {2}", i, PickleFixtures.Show(graphs[i]), PickleFixtures.Show(back[i]));
        }
    }
}
