using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Kata.Grading;

/// <summary>
/// The grade as JUnit XML, the shape CI test reporters read: <c>testsuites</c>, a
/// <c>testsuite</c> per kata, a <c>testcase</c> per test (classname the test class, time in
/// seconds), and a <c>failure</c> with the learner's message for a test that did not pass. A test
/// that never ran is a failure of type "not-run": it costs its points like a failure. Points are
/// properties of each suite.
/// </summary>
internal static class JUnitReport
{
    public const string DefaultPath = "artifacts/junit.xml";

    public static string Write(GradeReport report, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(report);
        string stamp = timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var suites = new XElement("testsuites",
            new XAttribute("name", "katas"),
            new XAttribute("tests", report.Tests.Count),
            new XAttribute("failures", report.Tests.Count(t => !t.Passed)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", 0),
            new XAttribute("time", Seconds(report.Elapsed)));
        foreach (KataGrade kata in report.Katas)
        {
            var suite = new XElement("testsuite",
                new XAttribute("name", kata.Kata),
                new XAttribute("tests", kata.Tests.Count),
                new XAttribute("failures", kata.Tests.Count(t => !t.Passed)),
                new XAttribute("errors", 0),
                new XAttribute("skipped", 0),
                new XAttribute("time", Seconds(TimeSpan.FromTicks(kata.Tests.Sum(t => t.Duration?.Ticks ?? 0)))),
                new XAttribute("timestamp", stamp),
                new XElement("properties",
                    new XElement("property", new XAttribute("name", "points"), new XAttribute("value", kata.Points)),
                    new XElement("property", new XAttribute("name", "max-points"), new XAttribute("value", kata.MaxPoints))));
            foreach (GradedTest t in kata.Tests)
            {
                var testcase = new XElement("testcase",
                    new XAttribute("name", t.DisplayName),
                    new XAttribute("classname", t.ClassName ?? $"Katas.Tests.{kata.Kata}"),
                    new XAttribute("time", Seconds(t.Duration ?? TimeSpan.Zero)));
                if (!t.Passed)
                {
                    string message = Clean(t.Message ?? "failed");
                    testcase.Add(new XElement("failure",
                        new XAttribute("message", message.Split('\n')[0]),
                        new XAttribute("type", t.Outcome == GradedOutcome.NotRun ? "not-run" : "failed"),
                        message));
                }
                suite.Add(testcase);
            }
            if (kata.Run.Problem is { } problem)
            {
                suite.Add(new XElement("system-err", Clean(problem)));
            }
            suites.Add(suite);
        }
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), suites).Save(writer);
        }
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    // XML 1.0 cannot hold most control characters (a test's output may have ANSI escapes): drop them.
    private static string Clean(string text) =>
        new([.. text.Where(c => c is '\n' or '\t' or '\r' || !char.IsControl(c))]);
}
