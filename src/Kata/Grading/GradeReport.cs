using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kata.Running;

namespace Kata.Grading;

/// <summary>One kata's grade: its tests' points (one each, or their weights from grading.json).</summary>
internal sealed record KataGrade(string Kata, KataRun Run, int ExpectedTests)
{
    /// <summary>Every test of the kata with its points: those that ran, then those the sources declare that did not.</summary>
    public IReadOnlyList<GradedTest> Tests { get; init; } = [];

    /// <summary>Points earned.</summary>
    public int Points => Tests.Sum(t => t.Points);

    /// <summary>Points possible.</summary>
    public int MaxPoints => Tests.Sum(t => t.MaxPoints);

    public bool Passed => Run.AllPassed && Run.Total >= ExpectedTests && Tests.All(t => t.Passed);
}

/// <summary>The grade of a whole repository.</summary>
internal sealed record GradeReport(string Root, string Source, IReadOnlyList<KataGrade> Katas, BuildResult Build, IReadOnlyList<string>? EditedTests)
{
    /// <summary>The settings the grade was made with.</summary>
    public GradingSettings Settings { get; init; } = GradingSettings.Default;

    /// <summary>How long the build and the runs took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Every test of every kata, in course order.</summary>
    public IReadOnlyList<GradedTest> Tests => [.. Katas.SelectMany(k => k.Tests)];

    /// <summary>Why the points may not be the course's grade (build failure, edited tests), one line each.</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            var notes = new List<string>();
            if (!Build.Succeeded)
            {
                notes.Add("The code does not build, so no test could run. The compiler says: " +
                          string.Join(" ", Build.Errors.Take(5).Select(e => e.Text.Replace('\n', ' '))));
            }
            if (TestsEdited)
            {
                notes.Add("The kata tests were edited (against tests/Katas.Tests.sha256), so these points do not count: " + string.Join(", ", EditedTests!));
            }
            notes.AddRange(Katas.Where(k => k.Run.Problem is not null && Build.Succeeded).Select(k => $"{k.Kata}: {k.Run.Problem!.Split('\n')[0]}"));
            return notes;
        }
    }

    public int Points => Katas.Sum(k => k.Points);

    public int MaxPoints => Katas.Sum(k => k.MaxPoints);

    /// <summary>True when the tests were changed from the committed checksum.</summary>
    public bool TestsEdited => EditedTests is { Count: > 0 };

    /// <summary>Every kata passes, and the tests are the course's own.</summary>
    public bool AllPassed => Katas.Count > 0 && Katas.All(k => k.Passed) && !TestsEdited;

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.Append("## Kata grade: ").Append(Points).Append(" / ").Append(MaxPoints).Append(" points");
        md.Append(Source == "solutions" ? " (reference solutions)\n\n" : "\n\n");
        if (TestsEdited)
        {
            md.Append("> [!WARNING]\n> **The kata tests were edited**, so these points do not count as the course's grade. ")
              .Append("Changed against tests/Katas.Tests.sha256:\n");
            foreach (string file in EditedTests!)
            {
                md.Append(">  - `").Append(file).Append("`\n");
            }
            md.Append('\n');
        }
        if (!Build.Succeeded)
        {
            md.Append("> [!CAUTION]\n> **The code does not build**, so no test could run. The compiler says:\n>\n");
            foreach (BuildError e in Build.Errors.Take(20))
            {
                md.Append(">  - `").Append(e.Text.Replace('`', '\'').Replace('\n', ' ')).Append("`\n");
            }
            md.Append('\n');
        }
        md.Append("| Kata | Passed | Points | |\n|---|---:|---:|---|\n");
        foreach (KataGrade k in Katas)
        {
            string mark = k.Passed ? "✅" : k.Run.Problem is null ? "❌" : "⚠️ " + Cell(k.Run.Problem.Split('\n')[0]);
            md.Append("| ").Append(k.Kata).Append(" | ").Append(k.Tests.Count(t => t.Passed)).Append('/').Append(k.Tests.Count)
              .Append(" | ").Append(k.Points).Append('/').Append(k.MaxPoints).Append(" | ").Append(mark).Append(" |\n");
        }
        md.Append("| **Total** | | **").Append(Points).Append('/').Append(MaxPoints).Append("** | |\n");

        var failed = Tests.Where(t => !t.Passed).ToList();
        if (failed.Count > 0)
        {
            md.Append("\n<details><summary>").Append(failed.Count).Append(" failing tests</summary>\n\n");
            foreach (GradedTest test in failed)
            {
                md.Append("- **").Append(test.Kata).Append("** ").Append(test.DisplayName).Append(" (").Append(test.MaxPoints)
                  .Append(test.MaxPoints == 1 ? " point" : " points").Append("): ")
                  .Append(Cell((test.Message ?? "failed").Split('\n')[0])).Append('\n');
            }
            md.Append("\n</details>\n");
        }
        return md.ToString();
    }

    private static string Cell(string text) => text.Replace('|', '/').Replace('\n', ' ');

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The result file: points, per kata, per test.</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        source = Source,
        points = Points,
        maxPoints = MaxPoints,
        passed = AllPassed,
        buildSucceeded = Build.Succeeded,
        buildErrors = Build.Errors.Select(e => e.Text).ToList(),
        testsEdited = TestsEdited,
        editedTests = EditedTests,
        katas = Katas.Select(k => new
        {
            kata = k.Kata,
            points = k.Points,
            maxPoints = k.MaxPoints,
            passed = k.Passed,
            problem = k.Run.Problem,
            tests = k.Tests.Select(t => new { name = t.Name, method = t.Method, outcome = t.Outcome.ToString(), points = t.Points, maxPoints = t.MaxPoints, message = t.Message }),
        }),
    }, s_json);
}
