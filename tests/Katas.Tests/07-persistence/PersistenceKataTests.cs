using Katas.Persistence;

namespace Katas.Tests.Persistence;

[Trait("Kata", "07-persistence")]
public sealed class PersistenceKataTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void CourseDict_is_the_course_dict_with_its_mixed_keys() => SaveLoadChecks.CourseDict(PersistenceKata.CourseDict);

    [Fact]
    public void Save_writes_a_closed_pickle_file() => SaveLoadChecks.SaveWritesAClosedPickle(_folder, PersistenceKata.Save);

    [Fact]
    public void Save_replaces_the_file_whole_and_keeps_the_old_one_when_saving_fails() => SaveLoadChecks.SaveIsAtomic(_folder, PersistenceKata.Save, PersistenceKata.LoadBack);

    [Fact]
    public void The_course_dict_round_trips_through_a_file() =>
        SaveLoadChecks.TheCourseDictRoundTrips(_folder, PersistenceKata.CourseDict, PersistenceKata.Save, PersistenceKata.LoadBack);

    [Fact]
    public void Any_plain_data_round_trips_through_a_file() => SaveLoadChecks.AnyPlainDataRoundTrips(_folder, PersistenceKata.Save, PersistenceKata.LoadBack);

    [Fact]
    public void A_score_round_trips_as_a_typed_record() => SaveLoadChecks.AScoreRoundTrips(_folder, PersistenceKata.SaveScore, PersistenceKata.LoadScore);

    [Fact]
    public void A_saved_score_is_a_plain_dict_that_Python_can_read() => SaveLoadChecks.ASavedScoreIsAPlainDict(_folder, PersistenceKata.SaveScore);

    [Fact]
    public void A_file_written_by_Python_loads_as_what_Python_saved() => SaveLoadChecks.FilesWrittenByPythonLoad(PersistenceKata.LoadFromPython);

    [Fact]
    public void LoadOrDefault_returns_the_data_of_a_good_file() => SaveLoadChecks.LoadOrDefaultReturnsGoodData(_folder, PersistenceKata.LoadOrDefault);

    [Theory]
    [InlineData("truncated")]
    [InlineData("corrupted")]
    [InlineData("json")]
    [InlineData("empty")]
    public void LoadOrDefault_returns_the_fallback_for_a_bad_file(string kind) =>
        SaveLoadChecks.LoadOrDefaultFallsBackOnABadFile(_folder, PersistenceKata.LoadOrDefault, kind);

    [Fact]
    public void LoadOrDefault_returns_the_fallback_for_a_missing_file() => SaveLoadChecks.LoadOrDefaultFallsBackOnAMissingFile(_folder, PersistenceKata.LoadOrDefault);

    [Fact]
    public void LoadOrDefault_does_not_hide_other_errors() => SaveLoadChecks.LoadOrDefaultDoesNotHideOtherErrors(_folder, PersistenceKata.LoadOrDefault);
}
