using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kata.Grading;

/// <summary>
/// Classroom 50's autograder result, <c>result.json</c> in the checkout (schema
/// <c>classroom50/result/v1</c>): the submission's identity from the variables its runner sets
/// (CLASSROOM, ASSIGNMENT, SUBMISSION_TAG, COMMIT_URL, RELEASE_URL, REVIEW_URL; null outside it),
/// <c>datetime</c> the graded commit's committer date in UTC, <c>graded_at</c> now, the score, and
/// per test <c>test-name</c>, <c>passed</c>, <c>score</c>, <c>max-score</c>, plus <c>message</c> for a
/// test that did not pass (the contract keeps extra fields on a test as they are).
/// </summary>
internal static class Classroom50Result
{
    /// <summary>The file name Classroom 50's runner reads from the working directory.</summary>
    public const string FileName = "result.json";

    public const string Schema = "classroom50/result/v1";

    /// <param name="report">The grade.</param>
    /// <param name="environment">Reads the runner's variables.</param>
    /// <param name="committed">The graded commit's committer date, when known.</param>
    /// <param name="now">The grading time.</param>
    public static string Write(GradeReport report, Func<string, string?> environment, DateTimeOffset? committed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(environment);
        string? Env(string name) => environment(name) is { Length: > 0 } value ? value : null;
        var tests = new JsonArray();
        foreach (GradedTest t in report.Tests)
        {
            var test = new JsonObject
            {
                ["test-name"] = t.Name,
                ["passed"] = t.Passed,
                ["score"] = t.Points,
                ["max-score"] = t.MaxPoints,
            };
            if (t.Message is not null)
            {
                test["message"] = t.Message;
            }
            tests.Add(test);
        }
        var result = new JsonObject
        {
            ["schema"] = Schema,
            ["classroom"] = Env("CLASSROOM"),
            ["assignment"] = Env("ASSIGNMENT"),
            ["submission"] = Env("SUBMISSION_TAG"),
            ["commit"] = Env("COMMIT_URL"),
            ["release"] = Env("RELEASE_URL"),
            // As Classroom 50's own templates do: without a review link, the commit is what there is to review.
            ["review"] = Env("REVIEW_URL") ?? Env("COMMIT_URL"),
            ["datetime"] = Utc(committed ?? now),
            ["graded_at"] = Utc(now),
            ["score"] = report.Points,
            ["max-score"] = report.MaxPoints,
            ["tests"] = tests,
        };
        return result.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
