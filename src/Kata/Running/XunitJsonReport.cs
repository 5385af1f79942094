using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kata.Running;

/// <summary>
/// Reads, line by line, what an xUnit.net v3 test assembly prints with <c>-reporter json</c>: one
/// JSON object per message (test-starting, test-passed, test-failed...) as the run goes. Lines
/// that are not JSON are output the test host printed outside any test.
/// </summary>
internal sealed class XunitJsonReport
{
    private readonly Dictionary<string, (string? File, int Line)> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Name, string? TestCase, DateTime Started)> _running = new(StringComparer.Ordinal);
    private readonly List<TestCaseResult> _finished = [];
    private readonly StringBuilder _strayOutput = new();
    private readonly List<string> _errors = [];

    /// <summary>Every test that has finished, in the order they finished.</summary>
    public IReadOnlyList<TestCaseResult> Finished => _finished;

    /// <summary>The tests that have started and not finished, with when they started (UTC).</summary>
    public IReadOnlyList<(string Name, DateTime Started)> Running => [.. _running.Values.Select(r => (r.Name, r.Started))];

    /// <summary>What the host printed outside the report (not in any test's output).</summary>
    public string StrayOutput => _strayOutput.ToString();

    /// <summary>Failures outside any test: a fixture that threw, a catastrophic error.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>True once the assembly reported that it finished.</summary>
    public bool Completed { get; private set; }

    /// <summary>Reads one line; returns the test that started or finished with it, if any.</summary>
    public (string? Started, TestCaseResult? Finished) Feed(string line)
    {
        if (!line.StartsWith('{'))
        {
            _strayOutput.AppendLine(line);
            return (null, null);
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            _strayOutput.AppendLine(line);
            return (null, null);
        }
        using (doc)
        {
            JsonElement m = doc.RootElement;
            switch (Text(m, "$type"))
            {
                case "test-case-starting":
                    if (Text(m, "TestCaseUniqueID") is { } testCase)
                    {
                        _sources[testCase] = (Text(m, "SourceFilePath"), Number(m, "SourceLineNumber"));
                    }
                    return (null, null);
                case "test-starting":
                    if (Text(m, "TestUniqueID") is { } started)
                    {
                        string name = Text(m, "TestDisplayName") ?? "(unnamed test)";
                        _running[started] = (name, Text(m, "TestCaseUniqueID"), DateTime.UtcNow);
                        return (name, null);
                    }
                    return (null, null);
                case "test-passed":
                    return (null, Finish(m, TestOutcome.Passed));
                case "test-failed":
                    return (null, Finish(m, TestOutcome.Failed));
                case "test-skipped":
                case "test-not-run":
                    return (null, Finish(m, TestOutcome.Skipped));
                case "error-message":
                case "test-assembly-cleanup-failure":
                case "test-collection-cleanup-failure":
                case "test-class-cleanup-failure":
                case "test-method-cleanup-failure":
                case "test-case-cleanup-failure":
                case "test-cleanup-failure":
                    _errors.Add(Describe(m).Message ?? "an error outside the tests");
                    return (null, null);
                case "test-assembly-finished":
                    Completed = true;
                    return (null, null);
                default:
                    return (null, null);
            }
        }
    }

    private TestCaseResult? Finish(JsonElement m, TestOutcome outcome)
    {
        if (Text(m, "TestUniqueID") is not { } id || !_running.Remove(id, out var test))
        {
            return null;
        }
        (string? file, int line) = test.TestCase is { } testCase && _sources.TryGetValue(testCase, out var source) ? source : (null, 0);
        var (message, stack, leaves) = Describe(m);
        if (outcome == TestOutcome.Skipped && Text(m, "Reason") is { } reason)
        {
            message = reason;
        }
        var result = new TestCaseResult(test.Name, outcome, message, stack)
        {
            Messages = leaves,
            Output = Text(m, "Output") ?? "",
            // From its start to its result, as the learner waited for it: the framework's ExecutionTime
            // leaves out parts of a property test's run.
            Duration = DateTime.UtcNow - test.Started,
            SourceFile = file,
            SourceLine = line,
        };
        _finished.Add(result);
        return result;
    }

    /// <summary>
    /// The whole message ("Type : message" per exception, as the framework writes it), the stack
    /// traces, and the innermost messages alone: an exception that wraps others (an aggregate of
    /// the test's failure and a cleanup's, a property's report around the assertion) only frames them.
    /// </summary>
    private static (string? Message, string? Stack, IReadOnlyList<string> Leaves) Describe(JsonElement m)
    {
        string[] messages = Strings(m, "Messages");
        if (messages.Length == 0)
        {
            return (null, null, []);
        }
        string[] types = Strings(m, "ExceptionTypes");
        string[] stacks = Strings(m, "StackTraces");
        int[] parents = m.TryGetProperty("ExceptionParentIndices", out JsonElement p) && p.ValueKind == JsonValueKind.Array
            ? [.. p.EnumerateArray().Select(e => e.GetInt32())]
            : [.. Enumerable.Range(0, messages.Length).Select(i => i - 1)];
        var whole = new StringBuilder();
        var stack = new StringBuilder();
        var leaves = new List<string>();
        for (int i = 0; i < messages.Length; i++)
        {
            string type = i < types.Length ? types[i] : "Exception";
            whole.Append(i == 0 ? "" : "\n---- ").Append(type).Append(" : ").Append(messages[i]);
            if (i < stacks.Length && !string.IsNullOrEmpty(stacks[i]))
            {
                stack.Append(stack.Length == 0 ? "" : $"\n----- Inner Stack Trace #{i} ({type}) -----\n").Append(stacks[i]);
            }
            if (!parents.Contains(i))
            {
                leaves.Add(messages[i].Trim());
            }
        }
        return (whole.ToString(), stack.Length == 0 ? null : stack.ToString(), leaves);
    }

    private static string? Text(JsonElement m, string name) =>
        m.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Number(JsonElement m, string name) =>
        m.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) ? n : 0;

    private static string[] Strings(JsonElement m, string name) =>
        m.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Array
            ? [.. v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : "")]
            : [];

    /// <summary>"12.3 s" for a duration, "" for none.</summary>
    public static string Seconds(TimeSpan? duration) =>
        duration is { } d ? d.TotalSeconds.ToString(d.TotalSeconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " s" : "";
}
