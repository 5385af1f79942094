using Kata.Repo;
using Kata.Tests.Support;
using Kata.Ui;
using Spectre.Console;
using Spectre.Console.Testing;

namespace Kata.Tests;

/// <summary>
/// What the learner reads, character for character: the dashboard, a hint and the solution's diff
/// at 80 and 120 columns, without colour (a CI log, a redirected run) and with it. The expected
/// texts are in Golden/; to accept a deliberate change, run with KATA_GOLDEN_UPDATE=1 and review the diff.
/// </summary>
public sealed class GoldenTextTests : IDisposable
{
    private const string Readme = """
        # 01 · Processes: start a child, pass it arguments, wait for it

        ## The idea
        A **process** is a running program with its own memory. Python's `multiprocessing` starts
        *child processes* that run one function each, so that work can use several CPU cores at
        once. Check your work with `dotnet run --project src/Kata -- check` and read what fails.

        ```python
        p1 = mp.Process(target=job, args=(1, 2))
        ```

        ## 中文
        **进程**是一个拥有自己内存的正在运行的程序。
        """;

    private const string Hints = """
        # Hints

        ## Hint 1
        `Get()` blocks until an item is there. If you call it before `Start()`, no child is running to
        put anything, and your program waits forever:

        - start every worker first;
        - then get **one** item per worker, with `q.Get()` in a loop that runs exactly `workers` times.

        ```csharp
        processes.ForEach(p => p.Start()); // all of them, before the first Get; a long comment that does not fit in 80 columns
        ```

        Still stuck? Compare with `dotnet run --project src/Kata -- solution 02-queues --yes`.
        """;

    private const string Learner = """
        public static long SumWithWorkers(long n, int workers)
        {
            throw new NotImplementedException();
        }
        """;

    private const string Solution = """
        public static long SumWithWorkers(long n, int workers)
        {
            var processes = Enumerable.Range(0, workers).Select(w => Mp.Process(PartialSum, q, n * w / workers, n * (w + 1) / workers)).ToList();
            return total;
        }
        """;

    private readonly FakeRepo _repo = new();

    public GoldenTextTests()
    {
        _repo.Write("katas/01-processes/README.md", Readme);
        _repo.Write("katas/01-processes/HINTS.md", Hints);
        _repo.Write("katas/01-processes/Kata.cs", Learner);
        _repo.Write("solutions/01-processes/Kata.cs", Solution);
    }

    public void Dispose() => _repo.Dispose();

    private async Task<string> RunAsync(int width, bool colour, params string[] args)
    {
        var tool = new ToolHarness(_repo, width: width);
        tool.Console.Colors(colour ? ColorSystem.TrueColor : ColorSystem.NoColors);
        tool.Console.EmitAnsiSequences = colour;
        await tool.RunAsync(args);
        return tool.Output;
    }

    [Theory]
    [InlineData(80, false)]
    [InlineData(120, false)]
    [InlineData(80, true)]
    public async Task The_dashboard(int width, bool colour) =>
        Golden.Check($"dashboard-{width}{(colour ? "-colour" : "")}", await RunAsync(width, colour));

    [Theory]
    [InlineData(80, false)]
    [InlineData(120, false)]
    [InlineData(80, true)]
    public async Task A_hint(int width, bool colour) =>
        Golden.Check($"hint-{width}{(colour ? "-colour" : "")}", await RunAsync(width, colour, "hint"));

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public async Task The_solutions_diff(int width) =>
        Golden.Check($"diff-{width}", await RunAsync(width, false, "solution", "--yes"));

    [Fact]
    public void No_line_of_prose_is_wider_than_the_console_and_no_code_span_is_split()
    {
        const string command = "dotnet run --project src/Kata -- solution 02-queues --yes";
        foreach (int width in new[] { 40, 80, 120 })
        {
            List<MarkdownView.Line> lines = MarkdownView.Lines(Hints, width);
            List<string> prose = [.. lines.Where(l => !l.Code).Select(l => Markup.Remove(l.Markup))];

            prose.Should().OnlyContain(l => TextLayout.Width(l) <= width || l.Trim() == command + ".",
                $"prose is reflowed to {width} columns; only a command longer than the line may stand out, alone");
            string.Join('\n', prose).Should().Contain(command, "a command is never split across lines");
            string.Join('\n', prose).Should().NotContain("**").And.NotContain("`", "Markdown's marks are rendered, not printed");
        }
    }
}

/// <summary>Compares a text with its expected copy in tests/Kata.Tests/Golden.</summary>
internal static class Golden
{
    public static void Check(string name, string actual)
    {
        string root = new RepositoryLocator(AppContext.BaseDirectory).FindRoot();
        string path = Path.Combine(root, "tests", "Kata.Tests", "Golden", name + ".txt");
        // Temporary folders differ from run to run; the text around them must not.
        string text = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("KATA_GOLDEN_UPDATE") == "1")
        {
            File.WriteAllText(path, text);
        }
        File.Exists(path).Should().BeTrue($"{path} holds the expected text (create it with KATA_GOLDEN_UPDATE=1, then review it)");
        text.Should().Be(File.ReadAllText(path), $"the output should match {name}.txt; if the change is meant, update it with KATA_GOLDEN_UPDATE=1 and review the diff");
    }
}
