using Harness;

namespace Katas.Persistence;

// Kata 07: save data to a file with pickle and load it back, as the course does with `with open(...)`.
// Read README.md in this folder first. Run the tests with:
//   kata check 07-persistence

/// <summary>A player's score, saved and loaded as a typed record.</summary>
public sealed record Score(string Player, int Points, List<int> History);

/// <summary>Kata 07: save data to a file with pickle and load it back, as the course does with <c>with open(...)</c>.</summary>
public static class PersistenceKata
{
    /// <summary>The course's dict: <c>{'da': 111, 2: [23, 1, 4], '24': {1: 2, 'd': 'sad'}}</c>.</summary>
    public static Dictionary<object, object?> CourseDict()
    {
        // TODO: build the course's dict: the keys "da", 2 and "24", a List<object?> and a nested dict
        throw new NotImplementedException();
    }

    /// <summary>Saves <paramref name="data"/> to the file at <paramref name="path"/> with pickle.</summary>
    public static void Save(object? data, string path)
    {
        // TODO: open a temporary file (path + ".tmp") for writing in a `using` (Python's `with open(temp, 'wb') as file:`)
        // TODO: Pickle.Dump the data into it, then File.Move(temp, path, overwrite: true) to swap it in whole
        // TODO: if anything fails, delete the temporary file and let the error go on
        throw new NotImplementedException();
    }

    /// <summary>Loads what <see cref="Save"/> wrote to the file at <paramref name="path"/>.</summary>
    public static object? LoadBack(string path)
    {
        // TODO: open the file for reading in a `using` and return Pickle.Load of it
        throw new NotImplementedException();
    }

    /// <summary>Saves a score as a pickle; Python sees a dict of its properties.</summary>
    public static void SaveScore(Score score, string path)
    {
        // TODO: save the record the same way, with Save: a record pickles as a dict of its properties
        throw new NotImplementedException();
    }

    /// <summary>Loads a score saved by <see cref="SaveScore"/>, as a <see cref="Score"/>.</summary>
    public static Score LoadScore(string path)
    {
        // TODO: use the typed load, Pickle.Load<Score>
        throw new NotImplementedException();
    }

    /// <summary>Loads a dict from a file that Python's pickle wrote.</summary>
    public static Dictionary<object, object?> LoadFromPython(string path)
    {
        // TODO: load it like any other pickle file and return it as a Dictionary<object, object?>
        throw new NotImplementedException();
    }

    /// <summary>
    /// Loads the file at <paramref name="path"/>, or returns <paramref name="fallback"/> when the
    /// file is missing or is not a readable pickle (truncated, corrupted, another format).
    /// </summary>
    public static object? LoadOrDefault(string path, object? fallback)
    {
        // TODO: try LoadBack; catch FileNotFoundException and PickleException (only those) and return fallback
        throw new NotImplementedException();
    }
}
