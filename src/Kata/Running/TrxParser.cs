using System.Xml.Linq;

namespace Kata.Running;

/// <summary>Reads per-test results from a Visual Studio TRX file (what dotnet test's trx logger writes).</summary>
internal static class TrxParser
{
    private static readonly XNamespace s_ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>Every UnitTestResult of the file, in file order.</summary>
    public static IReadOnlyList<TestCaseResult> Parse(string trxXml)
    {
        XDocument doc = XDocument.Parse(trxXml);
        var results = new List<TestCaseResult>();
        foreach (XElement r in doc.Descendants(s_ns + "UnitTestResult"))
        {
            string name = (string?)r.Attribute("testName") ?? "(unnamed test)";
            TestOutcome outcome = ((string?)r.Attribute("outcome")) switch
            {
                "Passed" => TestOutcome.Passed,
                "NotExecuted" or "Inconclusive" => TestOutcome.Skipped,
                _ => TestOutcome.Failed,
            };
            XElement? error = r.Element(s_ns + "Output")?.Element(s_ns + "ErrorInfo");
            string? message = error?.Element(s_ns + "Message")?.Value;
            string? stack = error?.Element(s_ns + "StackTrace")?.Value;
            results.Add(new TestCaseResult(name, outcome, message?.Trim(), stack));
        }
        return results;
    }
}
