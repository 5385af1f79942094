using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kata.Running;

namespace Kata.Grading;

/// <summary>One kata's grade: a point per passing test.</summary>
internal sealed record KataGrade(string Kata, KataRun Run, int ExpectedTests)
{
    /// <summary>Points earned: one per passing test.</summary>
    public int Points => Run.Passed;

    /// <summary>Points possible: the tests that ran, or those counted in the sources when none could run.</summary>
    public int MaxPoints => Math.Max(Run.Total, ExpectedTests);

    public bool Passed => Run.AllPassed && Run.Total >= ExpectedTests;
}

/// <summary>The grade of a whole repository.</summary>
internal sealed record GradeReport(string Root, string Source, IReadOnlyList<KataGrade> Katas, BuildResult Build, IReadOnlyList<string>? EditedTests)
{
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
            md.Append("| ").Append(k.Kata).Append(" | ").Append(k.Run.Passed).Append('/').Append(k.MaxPoints)
              .Append(" | ").Append(k.Points).Append(" | ").Append(mark).Append(" |\n");
        }
        md.Append("| **Total** | | **").Append(Points).Append('/').Append(MaxPoints).Append("** | |\n");

        var failed = Katas.SelectMany(k => k.Run.Tests.Where(t => t.Outcome == TestOutcome.Failed).Select(t => (k.Kata, t))).ToList();
        if (failed.Count > 0)
        {
            md.Append("\n<details><summary>").Append(failed.Count).Append(" failing tests</summary>\n\n");
            foreach (var (kata, test) in failed)
            {
                md.Append("- **").Append(kata).Append("** ").Append(test.DisplayName).Append(": ")
                  .Append(Cell(Ui.Explain.Failure(test, Root).Split('\n')[0])).Append('\n');
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
            tests = k.Run.Tests.Select(t => new { name = t.FullName, outcome = t.Outcome.ToString(), message = t.Message }),
        }),
    }, s_json);

    /// <summary>
    /// The result in the format of GitHub Classroom's autograding reporter
    /// (classroom-resources/autograding-grading-reporter): one entry per test, a point each.
    /// </summary>
    public string ToClassroomJson()
    {
        var tests = new List<object>();
        foreach (KataGrade k in Katas)
        {
            foreach (TestCaseResult t in k.Run.Tests)
            {
                bool pass = t.Outcome == TestOutcome.Passed && !TestsEdited;
                tests.Add(new { name = $"{k.Kata}: {t.DisplayName}", status = pass ? "pass" : "fail", message = pass ? "" : Ui.Explain.Failure(t, Root), score = pass ? 1 : 0 });
            }
            for (int missing = k.Run.Total; missing < k.MaxPoints; missing++)
            {
                tests.Add(new { name = $"{k.Kata}: test {missing + 1} (did not run)", status = "fail", message = k.Run.Problem ?? "did not run", score = 0 });
            }
        }
        return JsonSerializer.Serialize(new { version = 1, status = AllPassed ? "pass" : "fail", max_score = MaxPoints, tests });
    }
}
