using System.Globalization;
using System.Text.Json;
using Kata.Infrastructure;
using Kata.Repo;

namespace Kata.Grading;

/// <summary>
/// The instructor's grading settings, <c>grading.json</c> at the repository root (optional; without
/// it every test is worth one point):
/// <code>
/// {
///   "points": { "02-queues": { "Two_workers_put_the_course_figure_on_the_queue": 3 } },
///   "testTimeoutSeconds": 120,
///   "gradescope": { "visibility": "after_due_date" }
/// }
/// </code>
/// <c>points</c> weights tests by kata and test method (every case of a [Theory] gets the weight);
/// the tests not named keep one point. Every entry is checked against the test sources, so a
/// misspelt test or a negative weight is an error naming the entry, never a silently lost point.
/// </summary>
internal sealed record GradingSettings
{
    /// <summary>The settings file, relative to the repository root.</summary>
    public const string FileName = "grading.json";

    private static readonly string[] s_visibilities = ["hidden", "after_due_date", "after_published", "visible"];

    /// <summary>Points per test method, by kata; a test not listed is worth one point.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Points { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);

    /// <summary>How long one test may run before it is stopped and scored 0; null for the runner's bound (3 minutes).</summary>
    public TimeSpan? TestTimeout { get; init; }

    /// <summary>Gradescope's visibility of the tests (hidden, after_due_date, after_published, visible), or null for Gradescope's default.</summary>
    public string? GradescopeVisibility { get; init; }

    /// <summary>The settings when there is no grading.json: a point per test.</summary>
    public static GradingSettings Default { get; } = new();

    /// <summary>What one test of <paramref name="kata"/> named <paramref name="method"/> is worth.</summary>
    public int PointsFor(string kata, string method) =>
        Points.TryGetValue(kata, out var methods) && methods.TryGetValue(method, out int points) ? points : 1;

    /// <summary>Reads and checks grading.json of the repository; the defaults when there is none.</summary>
    public static GradingSettings Load(KataCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        string path = Path.Combine(catalog.Root, FileName);
        return File.Exists(path) ? Parse(File.ReadAllText(path), catalog) : Default;
    }

    /// <summary>Parses grading.json's text, checking every entry against the katas and their test sources.</summary>
    public static GradingSettings Parse(string json, KataCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw Error($"it is not valid JSON ({e.Message})");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Error("it must be a JSON object, like { \"points\": { \"01-processes\": { \"Test_name\": 2 } } }");
            }
            var settings = new GradingSettings();
            foreach (JsonProperty setting in doc.RootElement.EnumerateObject())
            {
                settings = setting.Name switch
                {
                    "points" => settings with { Points = ReadPoints(setting.Value, catalog) },
                    "testTimeoutSeconds" => settings with { TestTimeout = ReadTimeout(setting.Value) },
                    "gradescope" => settings with { GradescopeVisibility = ReadGradescope(setting.Value) },
                    "$schema" or "$comment" => settings,
                    _ => throw Error($"'{setting.Name}' is not a setting (the settings are: points, testTimeoutSeconds, gradescope)"),
                };
            }
            return settings;
        }
    }

    private static Dictionary<string, IReadOnlyDictionary<string, int>> ReadPoints(JsonElement points, KataCatalog catalog)
    {
        if (points.ValueKind != JsonValueKind.Object)
        {
            throw Error("'points' must be an object: kata name, then test name, then its points");
        }
        IReadOnlyDictionary<string, IReadOnlyList<(string Method, int Cases)>> sources = catalog.TestMethodsInSources();
        var result = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        foreach (JsonProperty kata in points.EnumerateObject())
        {
            if (!catalog.Katas.Any(k => k.Name == kata.Name))
            {
                throw Error($"points.\"{kata.Name}\": there is no kata '{kata.Name}' (the katas are: {string.Join(", ", catalog.Katas.Select(k => k.Name))})");
            }
            if (kata.Value.ValueKind != JsonValueKind.Object)
            {
                throw Error($"points.\"{kata.Name}\" must be an object of test names and their points");
            }
            IReadOnlyList<(string Method, int Cases)> tests = sources.GetValueOrDefault(kata.Name) ?? [];
            var weights = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (JsonProperty test in kata.Value.EnumerateObject())
            {
                string entry = $"points.\"{kata.Name}\".\"{test.Name}\"";
                if (!tests.Any(t => t.Method == test.Name))
                {
                    string? near = tests.Select(t => t.Method)
                        .FirstOrDefault(m => m.Contains(test.Name, StringComparison.OrdinalIgnoreCase) || test.Name.Contains(m, StringComparison.OrdinalIgnoreCase));
                    throw Error($"{entry}: kata {kata.Name} has no test named '{test.Name}' in tests/Katas.Tests" +
                                (near is null ? $" ({tests.Count} tests there; names are method names, like '{(tests.Count > 0 ? tests[0].Method : "Test_name")}')" : $" (did you mean '{near}'?)"));
                }
                if (test.Value.ValueKind != JsonValueKind.Number || !test.Value.TryGetInt32(out int weight) || weight < 0)
                {
                    throw Error($"{entry}: the points must be a whole number, 0 or more, not {test.Value.GetRawText()}");
                }
                weights[test.Name] = weight;
            }
            result[kata.Name] = weights;
        }
        return result;
    }

    private static TimeSpan ReadTimeout(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int seconds) || seconds < 1 || seconds > 3600)
        {
            throw Error($"testTimeoutSeconds must be a whole number of seconds from 1 to 3600, not {value.GetRawText()}");
        }
        return TimeSpan.FromSeconds(seconds);
    }

    private static string? ReadGradescope(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Error("'gradescope' must be an object, like { \"visibility\": \"after_due_date\" }");
        }
        string? visibility = null;
        foreach (JsonProperty p in value.EnumerateObject())
        {
            if (p.Name != "visibility")
            {
                throw Error($"gradescope.\"{p.Name}\" is not a setting (the one there is: visibility)");
            }
            visibility = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
            if (visibility is null || !s_visibilities.Contains(visibility))
            {
                throw Error($"gradescope.visibility must be one of {string.Join(", ", s_visibilities)}, not {p.Value.GetRawText()}");
            }
        }
        return visibility;
    }

    private static KataToolException Error(string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{FileName}: {problem}."));
}
