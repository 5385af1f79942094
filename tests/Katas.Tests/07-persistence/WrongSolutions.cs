using Katas.Persistence;

namespace Katas.Tests.Persistence;

/// <summary>Plausible wrong answers to kata 07. <see cref="PersistenceCheckTests"/> proves the kata's checks catch each one.</summary>
internal static class WrongSolutions
{
    /// <summary>Writes straight into the target file: a failure half-way leaves it empty or torn.</summary>
    public static void SaveInPlace(object? data, string path)
    {
        using FileStream file = File.Create(path);
        Pickle.Dump(data, file);
    }

    /// <summary>Never closes the file: the bytes stay in the stream's buffer.</summary>
    public static void SaveWithoutClosing(object? data, string path)
    {
        FileStream file = File.Create(path);
        Pickle.Dump(data, file);
    }

    /// <summary>Writes a temporary file and renames it, but leaves it behind when the save fails.</summary>
    public static void SaveLeavingTheTemporaryFile(object? data, string path)
    {
        string temp = path + ".tmp";
        using (FileStream file = File.Create(temp))
        {
            Pickle.Dump(data, file);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The key 2 as a string.</summary>
    public static Dictionary<object, object?> CourseDictWithAStringKey() => new()
    {
        ["da"] = 111,
        ["2"] = new List<object?> { 23, 1, 4 },
        ["24"] = new Dictionary<object, object?> { [1] = 2, ["d"] = "sad" },
    };

    /// <summary>Returns the course's dict whatever the file holds.</summary>
    public static object? LoadBackTheCourseDict(string path) => PersistenceKata.CourseDict();

    /// <summary>Returns the course's dict whatever Python wrote.</summary>
    public static Dictionary<object, object?> LoadFromPythonTheCourseDict(string path) => PersistenceKata.CourseDict();

    /// <summary>Catches everything.</summary>
    public static object? LoadOrDefaultCatchingEverything(string path, object? fallback)
    {
        try
        {
            return PersistenceKata.LoadBack(path);
        }
#pragma warning disable CA1031 // The mistake under test.
        catch (Exception)
#pragma warning restore CA1031
        {
            return fallback;
        }
    }

    /// <summary>Catches IOException, which FileNotFoundException is, and so hides other I/O errors.</summary>
    public static object? LoadOrDefaultCatchingIOException(string path, object? fallback)
    {
        try
        {
            return PersistenceKata.LoadBack(path);
        }
        catch (Exception e) when (e is IOException or PickleException)
        {
            return fallback;
        }
    }

    /// <summary>Forgets the missing file.</summary>
    public static object? LoadOrDefaultOnlyForBadPickles(string path, object? fallback)
    {
        try
        {
            return PersistenceKata.LoadBack(path);
        }
        catch (PickleException)
        {
            return fallback;
        }
    }
}
