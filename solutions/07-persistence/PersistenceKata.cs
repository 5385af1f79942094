using Harness;

namespace Katas.Persistence;

/// <summary>A player's score, saved and loaded as a typed record.</summary>
public sealed record Score(string Player, int Points, List<int> History);

/// <summary>Kata 07: save data to a file with pickle and load it back, as the course does with <c>with open(...)</c>.</summary>
public static class PersistenceKata
{
    /// <summary>The course's dict: <c>{'da': 111, 2: [23, 1, 4], '24': {1: 2, 'd': 'sad'}}</c>.</summary>
    public static Dictionary<object, object?> CourseDict() => new()
    {
        // Keys of different types side by side, as in Python: the str 'da', the int 2, the str '24'.
        ["da"] = 111,
        [2] = new List<object?> { 23, 1, 4 },
        ["24"] = new Dictionary<object, object?> { [1] = 2, ["d"] = "sad" },
    };

    /// <summary>Saves <paramref name="data"/> to the file at <paramref name="path"/> with pickle.</summary>
    public static void Save(object? data, string path)
    {
        // Saving safely: the new pickle goes to a temporary file beside the old one, and only a
        // whole file is swapped in. A failure half-way (or a crash) leaves the old file as it was.
        string temp = path + ".tmp";
        try
        {
            // Python: with open(temp, 'wb') as file: pickle.dump(data, file)
            // `using` closes (and so flushes) the file when the block ends, even if Dump throws.
            using (FileStream file = File.Create(temp))
            {
                Pickle.Dump(data, file);
            }
            // Python: os.replace(temp, path). A rename in one folder is atomic: a reader sees the old file or the new one.
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Loads what <see cref="Save"/> wrote to the file at <paramref name="path"/>.</summary>
    public static object? LoadBack(string path)
    {
        // Python: with open(path, 'rb') as file: a_dict1 = pickle.load(file)
        using FileStream file = File.OpenRead(path);
        return Pickle.Load(file);
    }

    /// <summary>Saves a score as a pickle; Python sees a dict of its properties.</summary>
    public static void SaveScore(Score score, string path) => Save(score, path);

    /// <summary>Loads a score saved by <see cref="SaveScore"/>, as a <see cref="Score"/>.</summary>
    public static Score LoadScore(string path)
    {
        // The typed load maps the dict's keys back to the record's properties by name.
        using FileStream file = File.OpenRead(path);
        return Pickle.Load<Score>(file);
    }

    /// <summary>Loads a dict from a file that Python's pickle wrote.</summary>
    public static Dictionary<object, object?> LoadFromPython(string path)
    {
        // Same protocol both ways: a Python dict arrives as Dictionary<object, object?>.
        using FileStream file = File.OpenRead(path);
        return (Dictionary<object, object?>)Pickle.Load(file)!;
    }

    /// <summary>
    /// Loads the file at <paramref name="path"/>, or returns <paramref name="fallback"/> when the
    /// file is missing or is not a readable pickle (truncated, corrupted, another format).
    /// </summary>
    public static object? LoadOrDefault(string path, object? fallback)
    {
        try
        {
            return LoadBack(path);
        }
        catch (FileNotFoundException)
        {
            return fallback;
        }
        catch (PickleException)
        {
            // Only the errors that mean "this file is not good pickle data"; anything else
            // (no permission, a full disk) is a real problem and goes to the caller.
            return fallback;
        }
    }
}
