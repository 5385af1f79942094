using FsCheck.Fluent;
using Katas.Persistence;
using static Katas.Tests.Persistence.PersistenceChecks;

namespace Katas.Tests.Persistence;

/// <summary>A temporary folder for one test, removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("kata07-").FullName;

    public string For(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>
/// The checks of kata 07, each taking the learner's methods as delegates so that the wrong
/// solutions in <see cref="WrongSolutions"/> can be put through the very same check.
/// </summary>
internal static class SaveLoadChecks
{
    public static void CourseDict(Func<Dictionary<object, object?>> courseDict)
    {
        var dict = Call("CourseDict()", courseDict);
        Expect.That(Pickle.SameData(dict, Course()), () =>
            $"CourseDict() should be {{'da': 111, 2: [23, 1, 4], '24': {{1: 2, 'd': 'sad'}}}}, but it is {Show(dict)}. Mind the key types: 2 is an int, '24' is a string.");
    }

    public static void SaveWritesAClosedPickle(TempFolder folder, Action<object?, string> save)
    {
        string path = folder.For("pickle_example.pickle");
        Call("Save(data, path)", () => save(Course(), path));
        WroteAClosedPickle(path, "Save");
        Expect.That(Pickle.SameData(Pickle.LoadFile(path), Course()), "the file Save wrote should hold the dict it was given, pickled.");
    }

    public static void SaveIsAtomic(TempFolder folder, Action<object?, string> save, Func<string, object?> loadBack)
    {
        string path = folder.For("scores.pickle");
        Call("Save(data, path)", () => save(Course(), path));
        var newer = new Dictionary<object, object?> { ["da"] = 222 };
        Call("Save(data, path)", () => save(newer, path));
        object? loaded = Call("LoadBack(path)", () => loadBack(path));
        Expect.That(Pickle.SameData(loaded, newer), () => $"a second Save to the same path should replace the file, but LoadBack then returned {Show(loaded)}.");

        // A value that can't be pickled makes Pickle.Dump throw half-way, like a crash while saving.
        object?[] unsaveable = ["half", (Func<int>)(() => 1)];
        Exception? failure = Record.Exception(() => save(unsaveable, path));
        Expect.That(failure is not null and not NotImplementedException, "Save should let Pickle.Dump's error reach the caller when the data can't be pickled.");
        object? after = Record.Exception(() => loadBack(path)) is null ? loadBack(path) : null;
        Expect.That(File.Exists(path) && Pickle.SameData(after, newer), () =>
            "when saving fails half-way (here the data can't be pickled; in life a crash or a full disk), the file saved before must survive whole, " +
            $"but after the failed Save the file {(File.Exists(path) ? $"held {Show(after)}" : "was gone")}. File.Create(path) empties the old file before " +
            "the first new byte is written: write to a temporary file in the same folder, then File.Move(temp, path, overwrite: true), which swaps it in at once.");
        string[] left = [.. Directory.GetFiles(folder.Path).Select(System.IO.Path.GetFileName).OfType<string>().Where(n => n != "scores.pickle")];
        Expect.That(left.Length == 0, () =>
            $"Save should leave nothing behind but the file it saves, also when it fails; the folder still holds {string.Join(", ", left)}. Delete the temporary file when the save fails.");
    }

    public static void TheCourseDictRoundTrips(TempFolder folder, Func<Dictionary<object, object?>> courseDict, Action<object?, string> save, Func<string, object?> loadBack)
    {
        string path = folder.For("pickle_example.pickle");
        Call("Save(data, path)", () => save(Call("CourseDict()", courseDict), path));
        WroteAClosedPickle(path, "Save");
        object? loaded = Call("LoadBack(path)", () => loadBack(path));
        Expect.That(Pickle.SameData(loaded, Course()), () => $"what LoadBack returns should equal what Save saved, the course's dict, but it is {Show(loaded)}.");
        Expect.That(loaded is Dictionary<object, object?> { } d && d.TryGetValue(2, out object? list) && list is List<object?>,
            "a pickled dict loads as Dictionary<object, object?>, and the value under the int key 2 as the list [23, 1, 4] (a List<object?>).");
    }

    public static void AnyPlainDataRoundTrips(TempFolder folder, Action<object?, string> save, Func<string, object?> loadBack) =>
        Properties.ForAll(Graphs(), 60, data =>
        {
            string path = folder.For($"{Guid.NewGuid():N}.pickle");
            Call("Save(data, path)", () => save(data, path));
            WroteAClosedPickle(path, "Save");
            object? loaded = Call("LoadBack(path)", () => loadBack(path));
            Expect.That(Pickle.SameData(loaded, data), () =>
                $"LoadBack should give back exactly what Save was given: saved {Show(data)}, loaded {Show(loaded)}. Returning a fixed value (like the course dict) is not loading.");
        }, shrink: true);

    public static void AScoreRoundTrips(TempFolder folder, Action<Score, string> saveScore, Func<string, Score> loadScore)
    {
        foreach (var score in new[] { new Score("Ann", 42, [10, 20, 12]), new Score("Bo", -7, []) })
        {
            string path = folder.For($"score-{score.Player}.pickle");
            Call("SaveScore(score, path)", () => saveScore(score, path));
            WroteAClosedPickle(path, "SaveScore");
            Score loaded = Call("LoadScore(path)", () => loadScore(path));
            Expect.That(loaded is not null && loaded.Player == score.Player && loaded.Points == score.Points && loaded.History.SequenceEqual(score.History), () =>
                $"LoadScore should return the score that was saved, {score.Player} with {score.Points} points and history [{string.Join(", ", score.History)}], " +
                $"but it returned {(loaded is null ? "null" : $"{loaded.Player} with {loaded.Points} points and history [{string.Join(", ", loaded.History ?? [])}]")}.");
        }
    }

    public static void ASavedScoreIsAPlainDict(TempFolder folder, Action<Score, string> saveScore)
    {
        string path = folder.For("score.pickle");
        Call("SaveScore(score, path)", () => saveScore(new Score("Bo", 7, []), path));
        object? saved = Pickle.LoadFile(path);
        var expected = new Dictionary<object, object?> { ["Player"] = "Bo", ["Points"] = 7, ["History"] = new List<object?>() };
        Expect.That(Pickle.SameData(saved, expected), () =>
            $"SaveScore should pickle the record itself, which Python sees as {{'Player': 'Bo', 'Points': 7, 'History': []}}, but the file holds {Show(saved)}.");
    }

    public static void FilesWrittenByPythonLoad(Func<string, Dictionary<object, object?>> loadFromPython)
    {
        // Both written by Python 3.11 with pickle.dump(a_dict, file).
        var other = new Dictionary<object, object?>
        {
            ["name"] = "python",
            ["scores"] = new List<object?> { 3, 1, 2 },
            [7] = new object?[] { 1, "a", null },
            ["nested"] = new Dictionary<object, object?> { ["x"] = 1.5, ["ok"] = true },
        };
        foreach (var (file, expected) in new[] { ("pickle_example.pickle", Course()), ("python_other.pickle", other) })
        {
            var loaded = Call("LoadFromPython(path)", () => loadFromPython(Fixture(file)));
            Expect.That(Pickle.SameData(loaded, expected), () =>
                $"Python pickled {Show(expected)} into {file}; LoadFromPython should load the same dict from it, not {Show(loaded)}.");
        }
    }

    public static void LoadOrDefaultReturnsGoodData(TempFolder folder, Func<string, object?, object?> loadOrDefault)
    {
        string path = folder.For("good.pickle");
        Pickle.DumpFile(Course(), path);
        object? loaded = Call("LoadOrDefault(path, fallback)", () => loadOrDefault(path, "fallback"));
        Expect.That(Pickle.SameData(loaded, Course()), () => $"the file is fine, so LoadOrDefault should return its data, not {Show(loaded)}.");
    }

    public static void LoadOrDefaultFallsBackOnABadFile(TempFolder folder, Func<string, object?, object?> loadOrDefault, string kind)
    {
        string path = folder.For("bad.pickle");
        byte[] good = Pickle.Dumps(Course());
        File.WriteAllBytes(path, kind switch
        {
            "truncated" => good[..(good.Length / 2)],
            "corrupted" => [.. good[..10], 0xFF, 0xFE, .. good[12..]],
            "json" => "{\"da\": 111}"u8.ToArray(),
            _ => [],
        });
        object? loaded = Call("LoadOrDefault(path, fallback)", () => loadOrDefault(path, "fallback"));
        Expect.That(Equals(loaded, "fallback"), () =>
            $"a {kind} file can't be loaded: Pickle.Load throws PickleException, which LoadOrDefault should catch and answer with the fallback, but it returned {Show(loaded)}.");
    }

    public static void LoadOrDefaultFallsBackOnAMissingFile(TempFolder folder, Func<string, object?, object?> loadOrDefault)
    {
        object? loaded = Call("LoadOrDefault(path, fallback)", () => loadOrDefault(folder.For("missing.pickle"), "fallback"));
        Expect.That(Equals(loaded, "fallback"), () =>
            $"opening a file that isn't there throws FileNotFoundException, which LoadOrDefault should catch too and answer with the fallback, but it returned {Show(loaded)}.");
    }

    public static void LoadOrDefaultDoesNotHideOtherErrors(TempFolder folder, Func<string, object?, object?> loadOrDefault)
    {
        // A folder where a file is expected: opening it fails with UnauthorizedAccessException.
        string dir = folder.For("a-folder");
        Directory.CreateDirectory(dir);
        Exception? error = Record.Exception(() => loadOrDefault(dir, "fallback"));
        Expect.That(error is not NotImplementedException, () => LearnerCall.Explain(error!, "LoadOrDefault(path, fallback)").Message);
        Expect.That(error is not null,
            "catch only FileNotFoundException and PickleException: a catch-all `catch (Exception)` hides real problems such as no permission, " +
            "and here LoadOrDefault returned the fallback for a path that is a folder.");

        // A file another process holds open for itself: opening it fails with IOException, which is not "missing".
        string path = folder.For("busy.pickle");
        Pickle.DumpFile(Course(), path);
        using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            Exception? busy = Record.Exception(() => loadOrDefault(path, "fallback"));
            Expect.That(busy is not null,
                "catch only FileNotFoundException and PickleException: a file that another program holds open is not missing, and here " +
                "LoadOrDefault hid the IOException behind the fallback (catch (IOException) catches it, since FileNotFoundException is one).");
        }
    }

    private static FsCheck.Arbitrary<object?> Graphs() => PersistenceChecks.Graphs();
}
