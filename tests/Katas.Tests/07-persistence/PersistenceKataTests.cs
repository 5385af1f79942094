using FsCheck.Xunit;
using Katas.Persistence;
using static Katas.Tests.Persistence.PersistenceChecks;

namespace Katas.Tests.Persistence;

[Trait("Kata", "07-persistence")]
public sealed class PersistenceKataTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kata07-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathFor(string name) => Path.Combine(_folder, name);

    [Fact]
    public void CourseDict_is_the_course_dict_with_its_mixed_keys()
    {
        var dict = Call("CourseDict", PersistenceKata.CourseDict);

        Pickle.SameData(dict, Course()).Should().BeTrue(
            "CourseDict should be {{'da': 111, 2: [23, 1, 4], '24': {{1: 2, 'd': 'sad'}}}}, but it is {0}. " +
            "Mind the key types: 2 is an int, '24' is a string", Show(dict));
    }

    [Fact]
    public void Save_writes_a_closed_pickle_file()
    {
        string path = PathFor("pickle_example.pickle");

        Call("Save", () => PersistenceKata.Save(Course(), path));

        WroteAClosedPickle(path, "Save");
        Pickle.SameData(Pickle.LoadFile(path), Course()).Should().BeTrue("the file should hold the dict that was saved, pickled");
    }

    [Fact]
    public void The_course_dict_round_trips_through_a_file()
    {
        string path = PathFor("pickle_example.pickle");

        Call("Save", () => PersistenceKata.Save(PersistenceKata.CourseDict(), path));
        WroteAClosedPickle(path, "Save");
        object? loaded = Call("LoadBack", () => PersistenceKata.LoadBack(path));

        Pickle.SameData(loaded, Course()).Should().BeTrue("what LoadBack returns should equal what Save saved, but it is {0}", Show(loaded));
        var dict = loaded.Should().BeOfType<Dictionary<object, object?>>("a pickled dict loads as Dictionary<object, object?>").Subject;
        dict[2].Should().BeOfType<List<object?>>("the value under the int key 2 is the list [23, 1, 4]");
    }

    [Property(MaxTest = 60, Arbitrary = [typeof(PersistenceChecks)])]
    public void Any_plain_data_round_trips_through_a_file(object? data)
    {
        string path = PathFor($"{Guid.NewGuid():N}.pickle");

        Call("Save", () => PersistenceKata.Save(data, path));
        WroteAClosedPickle(path, "Save");
        object? loaded = Call("LoadBack", () => PersistenceKata.LoadBack(path));

        Pickle.SameData(loaded, data).Should().BeTrue(
            "LoadBack should give back exactly what Save was given: saved {0}, loaded {1}. " +
            "Returning a fixed value (like the course dict) is not loading", Show(data), Show(loaded));
    }

    [Fact]
    public void A_score_round_trips_as_a_typed_record()
    {
        string path = PathFor("score.pickle");
        var score = new Score("Ann", 42, [10, 20, 12]);

        Call("SaveScore", () => PersistenceKata.SaveScore(score, path));
        WroteAClosedPickle(path, "SaveScore");
        Score loaded = Call("LoadScore", () => PersistenceKata.LoadScore(path));

        loaded.Should().NotBeNull("LoadScore should return the score it read");
        (loaded.Player, loaded.Points).Should().Be(("Ann", 42), "LoadScore should return the score that was saved");
        loaded.History.Should().Equal([10, 20, 12], "the list inside the record comes back too");
    }

    [Fact]
    public void A_saved_score_is_a_plain_dict_that_Python_can_read()
    {
        string path = PathFor("score.pickle");

        Call("SaveScore", () => PersistenceKata.SaveScore(new Score("Bo", 7, []), path));

        Pickle.LoadFile(path).Should().BeEquivalentTo(
            new Dictionary<object, object?> { ["Player"] = "Bo", ["Points"] = 7, ["History"] = new List<object?>() },
            "SaveScore should pickle the record itself: Python sees {'Player': 'Bo', 'Points': 7, 'History': []}");
    }

    [Fact]
    public void A_file_written_by_Python_loads_as_the_course_dict()
    {
        // Written by Python 3.11: with open('pickle_example.pickle', 'wb') as file: pickle.dump(a_dict, file)
        string path = Fixture("pickle_example.pickle");

        var loaded = Call("LoadFromPython", () => PersistenceKata.LoadFromPython(path));

        Pickle.SameData(loaded, Course()).Should().BeTrue(
            "Python pickled the course's dict into this file; loading it should give the same dict, not {0}", Show(loaded));
    }

    [Fact]
    public void LoadOrDefault_returns_the_data_of_a_good_file()
    {
        string path = PathFor("good.pickle");
        Pickle.DumpFile(Course(), path);

        object? loaded = Call("LoadOrDefault", () => PersistenceKata.LoadOrDefault(path, "fallback"));

        Pickle.SameData(loaded, Course()).Should().BeTrue("the file is fine, so LoadOrDefault should return its data, not the fallback");
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("corrupted")]
    [InlineData("json")]
    [InlineData("empty")]
    public void LoadOrDefault_returns_the_fallback_for_a_bad_file(string kind)
    {
        string path = PathFor("bad.pickle");
        byte[] good = Pickle.Dumps(Course());
        File.WriteAllBytes(path, kind switch
        {
            "truncated" => good[..(good.Length / 2)],
            "corrupted" => [.. good[..10], 0xFF, 0xFE, .. good[12..]],
            "json" => "{\"da\": 111}"u8.ToArray(),
            _ => [],
        });

        object? loaded = Call("LoadOrDefault", () => PersistenceKata.LoadOrDefault(path, "fallback"));

        loaded.Should().Be("fallback",
            "a {0} file can't be loaded: Pickle.Load throws PickleException, which LoadOrDefault should catch and answer with the fallback", kind);
    }

    [Fact]
    public void LoadOrDefault_returns_the_fallback_for_a_missing_file()
    {
        object? loaded = Call("LoadOrDefault", () => PersistenceKata.LoadOrDefault(PathFor("missing.pickle"), "fallback"));

        loaded.Should().Be("fallback", "opening a file that isn't there throws FileNotFoundException, which LoadOrDefault should catch too");
    }

    [Fact]
    public void LoadOrDefault_does_not_hide_other_errors()
    {
        // A folder where a file is expected: opening it fails with UnauthorizedAccessException,
        // which is not "a bad pickle" and must reach the caller.
        string folder = PathFor("a-folder");
        Directory.CreateDirectory(folder);

        Exception? error = Record.Exception(() => Call("LoadOrDefault", () => PersistenceKata.LoadOrDefault(folder, "fallback")));

        if (error is Xunit.Sdk.XunitException)
        {
            throw error; // still NotImplementedException: the message says what to do
        }
        error.Should().NotBeNull(
            "catch only FileNotFoundException and PickleException: a catch-all `catch (Exception)` hides real problems such as no permission, " +
            "and here LoadOrDefault returned the fallback for a path that is a folder");
    }
}
