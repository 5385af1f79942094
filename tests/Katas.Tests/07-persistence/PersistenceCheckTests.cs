using Katas.Persistence;

namespace Katas.Tests.Persistence;

/// <summary>Each wrong solution of kata 07, put through the check that must catch it.</summary>
[Trait("Fixture", "07-persistence")]
public sealed class PersistenceCheckTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Saving_in_place_is_caught() => Caught.By(() => SaveLoadChecks.SaveIsAtomic(_folder, WrongSolutions.SaveInPlace, PersistenceKata.LoadBack), "must survive whole");

    [Fact]
    public void Saving_without_closing_is_caught() => Caught.By(() => SaveLoadChecks.SaveWritesAClosedPickle(_folder, WrongSolutions.SaveWithoutClosing), "left the file open");

    [Fact]
    public void Leaving_the_temporary_file_is_caught() =>
        Caught.By(() => SaveLoadChecks.SaveIsAtomic(_folder, WrongSolutions.SaveLeavingTheTemporaryFile, PersistenceKata.LoadBack), "leave nothing behind");

    [Fact]
    public void A_string_key_for_2_is_caught() => Caught.By(() => SaveLoadChecks.CourseDict(WrongSolutions.CourseDictWithAStringKey), "2 is an int");

    [Fact]
    public void LoadBack_returning_the_course_dict_is_caught() =>
        Caught.By(() => SaveLoadChecks.AnyPlainDataRoundTrips(_folder, PersistenceKata.Save, WrongSolutions.LoadBackTheCourseDict), "not loading");

    [Fact]
    public void LoadFromPython_returning_the_course_dict_is_caught() =>
        Caught.By(() => SaveLoadChecks.FilesWrittenByPythonLoad(WrongSolutions.LoadFromPythonTheCourseDict), "python_other.pickle");

    [Fact]
    public void LoadOrDefault_catching_everything_is_caught() =>
        Caught.By(() => SaveLoadChecks.LoadOrDefaultDoesNotHideOtherErrors(_folder, WrongSolutions.LoadOrDefaultCatchingEverything), "catch-all");

    [Fact]
    public void LoadOrDefault_catching_IOException_is_caught() =>
        Caught.By(() => SaveLoadChecks.LoadOrDefaultDoesNotHideOtherErrors(_folder, WrongSolutions.LoadOrDefaultCatchingIOException), "IOException");

    [Fact]
    public void LoadOrDefault_forgetting_the_missing_file_is_caught() =>
        Caught.By(() => SaveLoadChecks.LoadOrDefaultFallsBackOnAMissingFile(_folder, WrongSolutions.LoadOrDefaultOnlyForBadPickles), "FileNotFoundException");
}
