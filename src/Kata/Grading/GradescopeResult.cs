using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kata.Grading;

/// <summary>
/// Gradescope's autograder result, <c>results.json</c>: the total <c>score</c>,
/// <c>execution_time</c> in seconds, an <c>output</c> for the whole submission (points, and why
/// they may not be the grade), <c>visibility</c> when grading.json sets it, and per test
/// <c>name</c>, <c>score</c>, <c>max_score</c>, <c>status</c> ("passed" or "failed") and, for a
/// test that did not pass, its message as <c>output</c>.
/// </summary>
internal static class GradescopeResult
{
    /// <summary>Where Gradescope's harness reads the result.</summary>
    public const string DefaultPath = "/autograder/results/results.json";

    public static string Write(GradeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var tests = new JsonArray();
        foreach (GradedTest t in report.Tests)
        {
            var test = new JsonObject
            {
                ["name"] = t.Name,
                ["score"] = t.Points,
                ["max_score"] = t.MaxPoints,
                ["status"] = t.Passed ? "passed" : "failed",
            };
            if (t.Message is not null)
            {
                test["output"] = t.Message;
            }
            tests.Add(test);
        }
        var output = new StringBuilder();
        output.Append(CultureInfo.InvariantCulture, $"{report.Points}/{report.MaxPoints} points, {report.Tests.Count(t => t.Passed)} of {report.Tests.Count} tests passed.");
        foreach (string note in report.Notes)
        {
            output.Append("\n\n").Append(note);
        }
        var result = new JsonObject
        {
            ["score"] = report.Points,
            ["execution_time"] = (int)Math.Ceiling(report.Elapsed.TotalSeconds),
            ["output"] = output.ToString(),
        };
        if (report.Settings.GradescopeVisibility is { } visibility)
        {
            result["visibility"] = visibility;
        }
        result["tests"] = tests;
        return result.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
