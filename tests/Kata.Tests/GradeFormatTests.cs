using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Json.Schema;
using Kata.Running;
using Kata.Tests.Support;

namespace Kata.Tests;

/// <summary>
/// The grade's result formats, each from one test run of a kata tree where some tests pass, some
/// fail, one hangs and one kata's run ends early, checked against the published shapes (JSON Schemas
/// and an XSD written from each platform's documentation, in Schemas/).
/// </summary>
public sealed class GradeFormatTests : IDisposable
{
    private const string Hung = "Katas.Tests.T.Waits_for_a_sentinel_that_never_comes";

    private readonly FakeRepo _repo = new("01-processes", "02-queues", "03-efficiency");

    public void Dispose() => _repo.Dispose();

    /// <summary>01 passes; 02 has a failure, a stub that still throws and a test that hangs; 03 ran one test of two.</summary>
    private ToolHarness MixedTree()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.With("01-processes", passed: 2, failed: 0)
            .With("02-queues", passed: 1, failed: 2)
            .WithHang("02-queues", Hung, after: 1)
            .WithRun(new KataRun("03-efficiency", [new TestCaseResult("Katas.Tests.E.Test_1", TestOutcome.Passed)], "the test host ended before the tests were done (exit code 134)"));
        return tool;
    }

    // A schema is registered by its file's URI when it is built, and may be built only once per process.
    private static readonly Dictionary<string, JsonSchema> s_schemas = [];

    private static EvaluationResults Validate(string schemaFile, string json)
    {
        JsonSchema schema;
        lock (s_schemas)
        {
            if (!s_schemas.TryGetValue(schemaFile, out schema!))
            {
                s_schemas[schemaFile] = schema = JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Schemas", schemaFile));
            }
        }
        using var doc = JsonDocument.Parse(json);
        return schema.Evaluate(doc.RootElement.Clone(), new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Errors(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    [Fact]
    public async Task One_run_writes_classroom50_gradescope_and_junit_results_that_match_their_published_shapes()
    {
        ToolHarness tool = MixedTree();
        string dir = Path.Combine(_repo.Root, "out");

        int exit = await tool.RunAsync("grade", "--format", "classroom50,gradescope", "--format", "junit",
            "--classroom50-file", Path.Combine(dir, "result.json"), "--gradescope-file", Path.Combine(dir, "results.json"), "--junit-file", Path.Combine(dir, "junit.xml"));

        exit.Should().Be(1, "some tests fail");
        tool.Runner.Calls.Should().Equal(["build Katas", "run Katas 01-processes", "run Katas 02-queues", $"run Katas 02-queues -displayName- {Hung}", "run Katas 03-efficiency"],
            "one build and one run per kata serve every format; a kata is run again only without the test that hung");

        string classroom = File.ReadAllText(Path.Combine(dir, "result.json"));
        EvaluationResults c = Validate("classroom50-result-v1.schema.json", classroom);
        c.IsValid.Should().BeTrue($"result.json must follow classroom50/result/v1:\n{Errors(c)}\n{classroom}");
        string gradescope = File.ReadAllText(Path.Combine(dir, "results.json"));
        EvaluationResults g = Validate("gradescope-results.schema.json", gradescope);
        g.IsValid.Should().BeTrue($"results.json must follow Gradescope's specification:\n{Errors(g)}\n{gradescope}");
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Schemas", "junit.xsd"));
        var junit = XDocument.Load(Path.Combine(dir, "junit.xml"));
        var problems = new List<string>();
        junit.Validate(schemas, (_, e) => problems.Add(e.Message));
        problems.Should().BeEmpty("the JUnit XML must have the shape CI readers take");

        // The same grade in every format: 01 2/2, 02 1 of 4 (a failure, a stub, the hung test), 03 1 of 2.
        using var cj = JsonDocument.Parse(classroom);
        using var gj = JsonDocument.Parse(gradescope);
        cj.RootElement.GetProperty("score").GetInt32().Should().Be(4);
        cj.RootElement.GetProperty("max-score").GetInt32().Should().Be(8);
        gj.RootElement.GetProperty("score").GetDouble().Should().Be(4);
        var ctests = cj.RootElement.GetProperty("tests").EnumerateArray().ToList();
        var gtests = gj.RootElement.GetProperty("tests").EnumerateArray().ToList();
        ctests.Sum(t => t.GetProperty("score").GetInt32()).Should().Be(4, "score is the sum of the tests' scores");
        ctests.Sum(t => t.GetProperty("max-score").GetInt32()).Should().Be(8);
        ctests.Should().OnlyContain(t => t.GetProperty("score").GetInt32() <= t.GetProperty("max-score").GetInt32());
        gtests.Select(t => t.GetProperty("name").GetString()).Should().Equal(ctests.Select(t => t.GetProperty("test-name").GetString()));
        junit.Descendants("testcase").Count().Should().Be(8);
        junit.Descendants("failure").Count().Should().Be(4);

        // Each failure carries the learner's message, as kata check shows it.
        JsonElement hung = gtests.Single(t => t.GetProperty("name").GetString()!.Contains("Waits for a sentinel", StringComparison.Ordinal));
        hung.GetProperty("status").GetString().Should().Be("failed");
        hung.GetProperty("score").GetDouble().Should().Be(0, "a hung test costs its own points");
        hung.GetProperty("output").GetString().Should().Contain("still running").And.Contain("stopped");
        gtests.Single(t => t.GetProperty("name").GetString() == "02-queues: Failing test 2").GetProperty("output").GetString()
            .Should().StartWith("Not written yet: K.Answer still throws NotImplementedException").And.NotContain("System.NotImplementedException :");
        ctests.Single(t => t.GetProperty("test-name").GetString() == "02-queues: Failing test 1").GetProperty("message").GetString()
            .Should().Be("Expected the answer to be 42 because the course says so (failure 1).");
        gtests.Single(t => t.GetProperty("name").GetString() == "02-queues: Passing test 1").TryGetProperty("output", out _).Should().BeFalse();
        JsonElement notRun = gtests.Single(t => t.GetProperty("name").GetString() == "03-efficiency: Test 2");
        notRun.GetProperty("output").GetString().Should().Contain("did not run").And.Contain("exit code 134");
        junit.Descendants("testcase").Single(t => (string?)t.Attribute("name") == "Test 2").Element("failure")!.Attribute("type")!.Value.Should().Be("not-run");
        junit.Descendants("testcase").Single(t => (string?)t.Attribute("name") == "Passing test 1" && t.Parent!.Attribute("name")!.Value == "01-processes")
            .Attribute("classname")!.Value.Should().Be("Katas.Tests.T");
    }

    [Theory]
    [InlineData("classroom50-result-v1.schema.json", """{"schema":"classroom50/result/v1","classroom":"c","assignment":"a","submission":"s","commit":"c","release":"r","review":"r","datetime":"2026-11-27T10:00:00Z","score":1,"max-score":1,"tests":[{"test-name":"t","passed":"yes","score":1,"max-score":1}]}""")]
    [InlineData("classroom50-result-v1.schema.json", """{"schema":"classroom50/result/v1","classroom":"c","assignment":"a","submission":"s","commit":"c","release":"r","review":"r","datetime":"27/11/2026","score":1,"max-score":1,"tests":[]}""")]
    [InlineData("classroom50-result-v1.schema.json", """{"schema":"classroom50/result/v1","classroom":"c","assignment":"a","submission":"s","commit":"c","release":"r","review":"r","datetime":"2026-11-27T10:00:00Z","score":1.5,"max-score":2,"tests":[]}""")]
    [InlineData("gradescope-results.schema.json", """{"score":1,"tests":[{"name":"t","score":1,"max_score":1,"status":"ok"}]}""")]
    [InlineData("gradescope-results.schema.json", """{"score":1,"tests":[{"name":"t","score":1,"maxScore":1}]}""")]
    [InlineData("gradescope-results.schema.json", """{"tests":[{"name":"t","max_score":1}]}""")]
    public void The_schemas_reject_what_the_platforms_would_not_take(string schema, string json)
    {
        Validate(schema, json).IsValid.Should().BeFalse("a schema that accepts anything checks nothing");
    }

    [Fact]
    public async Task The_classroom50_result_carries_the_runners_identity_and_the_commit_time_in_utc()
    {
        ToolHarness tool = MixedTree();
        tool.Environment["CLASSROOM"] = "mp-2026";
        tool.Environment["ASSIGNMENT"] = "katas";
        tool.Environment["SUBMISSION_TAG"] = "submit/2026-11-27T10-00-00Z-abc1234";
        tool.Environment["COMMIT_URL"] = "https://github.com/o/r/commit/abc";
        tool.Environment["RELEASE_URL"] = "https://github.com/o/r/releases/tag/submit%2F1";
        tool.Environment["REVIEW_URL"] = "https://github.com/o/r/compare/a...b";
        _repo.Git("init", "-q");
        _repo.Git("add", "-A");
        _repo.Git("-c", "commit.gpgsign=false", "commit", "-q", "-m", "work", "--date=2026-11-20T10:00:00+02:00");

        await tool.RunAsync("grade", "--format", "classroom50");

        using var result = JsonDocument.Parse(_repo.Read("result.json"));
        JsonElement r = result.RootElement;
        (r.GetProperty("classroom").GetString(), r.GetProperty("assignment").GetString(), r.GetProperty("submission").GetString())
            .Should().Be(("mp-2026", "katas", "submit/2026-11-27T10-00-00Z-abc1234"));
        (r.GetProperty("commit").GetString(), r.GetProperty("release").GetString(), r.GetProperty("review").GetString())
            .Should().Be(("https://github.com/o/r/commit/abc", "https://github.com/o/r/releases/tag/submit%2F1", "https://github.com/o/r/compare/a...b"));
        r.GetProperty("datetime").GetString().Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", "the contract's time is UTC ISO 8601");
        Validate("classroom50-result-v1.schema.json", _repo.Read("result.json")).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task Outside_classroom50_the_identity_is_null_and_the_file_still_matches_the_shape()
    {
        ToolHarness tool = MixedTree();

        await tool.RunAsync("grade", "--format", "classroom50");

        using var result = JsonDocument.Parse(_repo.Read("result.json"));
        foreach (string field in new[] { "classroom", "assignment", "submission", "commit", "release", "review" })
        {
            result.RootElement.GetProperty(field).ValueKind.Should().Be(JsonValueKind.Null, $"{field} comes from the runner's environment");
        }
        Validate("classroom50-result-v1.schema.json", _repo.Read("result.json")).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task Weights_from_grading_json_set_each_tests_points_in_every_format()
    {
        _repo.Write("grading.json", """
            {
              "points": { "01-processes": { "Test_1": 5 }, "02-queues": { "Test_2": 0 } },
              "testTimeoutSeconds": 60,
              "gradescope": { "visibility": "after_due_date" }
            }
            """);
        var tool = new ToolHarness(_repo);
        tool.Runner.WithRun(new KataRun("01-processes", [new TestCaseResult("Katas.Tests.P.Test_1", TestOutcome.Passed), new TestCaseResult("Katas.Tests.P.Test_2", TestOutcome.Failed, "Expected 2 children, found 1.")]))
            .With("02-queues", 2, 0).With("03-efficiency", 2, 0);
        string gradescope = Path.Combine(_repo.Root, "gs.json");

        await tool.RunAsync("grade", "--format", "gradescope,classroom50", "--gradescope-file", gradescope);

        using var g = JsonDocument.Parse(File.ReadAllText(gradescope));
        g.RootElement.GetProperty("score").GetDouble().Should().Be(9, "Test_1 of 01 is worth 5, the others 1");
        g.RootElement.GetProperty("visibility").GetString().Should().Be("after_due_date");
        g.RootElement.GetProperty("tests")[0].GetProperty("max_score").GetDouble().Should().Be(5);
        g.RootElement.GetProperty("tests")[1].GetProperty("output").GetString().Should().Be("Expected 2 children, found 1.");
        using var c = JsonDocument.Parse(_repo.Read("result.json"));
        c.RootElement.GetProperty("max-score").GetInt32().Should().Be(10, "5 + 1 for 01, 1 + 1 for 02 (its Test_2 is not a method there), 2 for 03");
        tool.Output.Should().Contain("9/10 points");
    }

    [Theory]
    [InlineData("""{ "points": { "02-queues": { "Test_9": 2 } } }""", "points.\"02-queues\".\"Test_9\": kata 02-queues has no test named 'Test_9'")]
    [InlineData("""{ "points": { "02-queues": { "Test_1": -1 } } }""", "points.\"02-queues\".\"Test_1\": the points must be a whole number, 0 or more, not -1")]
    [InlineData("""{ "points": { "02-queues": { "Test_1": 1.5 } } }""", "not 1.5")]
    [InlineData("""{ "points": { "09-nothing": { "Test_1": 1 } } }""", "points.\"09-nothing\": there is no kata '09-nothing'")]
    [InlineData("""{ "weights": {} }""", "'weights' is not a setting")]
    [InlineData("""{ "testTimeoutSeconds": 0 }""", "testTimeoutSeconds must be a whole number of seconds from 1 to 3600")]
    [InlineData("""{ "gradescope": { "visibility": "sometimes" } }""", "gradescope.visibility must be one of hidden, after_due_date")]
    [InlineData("""{ "points": """, "grading.json: it is not valid JSON")]
    public async Task A_bad_grading_json_is_refused_naming_the_entry_before_anything_runs(string json, string expected)
    {
        _repo.Write("grading.json", json);
        var tool = new ToolHarness(_repo);

        int exit = await tool.RunAsync("grade", "--format", "junit");

        exit.Should().Be(2);
        tool.Output.ReplaceLineEndings("").Should().Contain("grading.json").And.Contain(expected);
        tool.Runner.Calls.Should().BeEmpty("no points are given under settings that are wrong");
    }

    [Fact]
    public async Task An_unknown_format_is_refused_naming_the_formats()
    {
        var tool = new ToolHarness(_repo);

        int exit = await tool.RunAsync("grade", "--format", "classroom50,moodle");

        exit.Should().NotBe(0);
        tool.Output.Should().Contain("'moodle' is not a format; the formats are github, classroom50, gradescope, junit");
        tool.Runner.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_build_failure_scores_every_declared_test_zero_by_name_in_every_format()
    {
        var tool = new ToolHarness(_repo);
        tool.Runner.BuildFails(KataSource.Katas, new BuildError("katas/02-queues/Kata.cs(4,5): CS1002: ; expected", "katas/02-queues/Kata.cs", 4, 5));
        string gradescope = Path.Combine(_repo.Root, "gs.json");

        await tool.RunAsync("grade", "--format", "gradescope,junit", "--gradescope-file", gradescope);

        string json = File.ReadAllText(gradescope);
        Validate("gradescope-results.schema.json", json).IsValid.Should().BeTrue();
        using var g = JsonDocument.Parse(json);
        g.RootElement.GetProperty("score").GetDouble().Should().Be(0);
        g.RootElement.GetProperty("output").GetString().Should().Contain("does not build").And.Contain("CS1002");
        g.RootElement.GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Should().Contain("01-processes: Test 1")
            .And.HaveCount(6, "every test the sources declare is listed, with its points lost");
    }
}
