using System.Diagnostics;
using System.Text.RegularExpressions;
using Kata.Infrastructure;
using Kata.Repo;
using Kata.Running;
using Spectre.Console.Testing;

namespace Kata.Tests;

/// <summary>
/// A copy of this repository in which kata 02's learner code is the reference solution with one
/// line left out: the producer's Put of the sentinel, the most common queue mistake. Built once
/// for the tests of the class (by the first check).
/// </summary>
public sealed partial class SentinelLeftOutCopy : IDisposable
{
    public SentinelLeftOutCopy()
    {
        string source = new RepositoryLocator(AppContext.BaseDirectory).FindRoot();
        Root = Path.Combine(Path.GetTempPath(), "kata-sentinel-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (string file in TrackedFiles(source))
        {
            string target = Path.Combine(Root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(source, file), target);
        }
        string solution = File.ReadAllText(Path.Combine(Root, "solutions", "02-queues", "QueueKata.cs"));
        string edited = SentinelPut().Replace(solution, "", 1);
        edited.Should().NotBe(solution, "the reference producer puts the sentinel (items.Put(Stop)) after its last item, and this copy leaves that line out");
        File.WriteAllText(Path.Combine(Root, "katas", "02-queues", "QueueKata.cs"), edited);
    }

    public string Root { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static IEnumerable<string> TrackedFiles(string root)
    {
        var info = new ProcessStartInfo("git", ["-C", root, "ls-files", "-z"]) { RedirectStandardOutput = true };
        using var git = Process.Start(info)!;
        string list = git.StandardOutput.ReadToEnd();
        git.WaitForExit(60_000).Should().BeTrue();
        return list.Split('\0', StringSplitOptions.RemoveEmptyEntries).Where(f => File.Exists(Path.Combine(root, f)));
    }

    // The producer's last Put: items.Put(Stop) (or QueueKata.Stop), on a line of its own.
    [GeneratedRegex(@"^[ \t]*\w+\.Put\((?:QueueKata\.)?Stop\);[ \t]*\r?\n", RegexOptions.Multiline)]
    private static partial Regex SentinelPut();
}

/// <summary>
/// The learner's loop end to end, on a real kata 02 whose producer forgets the sentinel: kata check
/// ends by itself, shows the tests that finished and says to check the sentinel; a run stopped as
/// Ctrl+C stops it (the whole process tree killed) leaves no process and nothing in /dev/shm.
/// Category=Real: it builds a whole copy of the repository (a minute or more) and waits out the kata
/// test's own 30 s deadline.
/// </summary>
[Trait("Category", "Real")]
public sealed class MissingSentinelTests(SentinelLeftOutCopy copy) : IClassFixture<SentinelLeftOutCopy>
{
    private static readonly TimeSpan s_bound = TimeSpan.FromMinutes(8);

    /// <summary>
    /// Runs kata check 02 on the copy; with <paramref name="stopDuring"/>, stops it as Ctrl+C
    /// does, a few seconds into the test of that name (its processes are running then).
    /// </summary>
    private async Task<(int Exit, string Output, HashSet<string> Trees)> CheckAsync(string? stopDuring = null)
    {
        var console = new TestConsole().Width(80);
        var processes = new ProcessRunner();
        using var cancel = new CancellationTokenSource(s_bound + s_bound);
        var context = new ToolContext
        {
            Console = console,
            Locator = new RepositoryLocator(copy.Root),
            CreateRunner = r => new StopDuring(new TestHostRunner(processes, r) { BuildTimeout = s_bound, RunTimeout = s_bound }, stopDuring, cancel),
            Git = new Git(processes),
            RawOut = TextWriter.Null,
            GetEnvironmentVariable = _ => null,
        };
        using var watching = new CancellationTokenSource();
        var trees = new HashSet<string>(StringComparer.Ordinal);
        Task watch = Task.Run(() => WatchTrees(copy.Root, trees, watching.Token), CancellationToken.None);
        int exit = await KataApp.RunAsync(context, ["check", "02", "--rerun"], cancel.Token);
        await watching.CancelAsync();
        await watch;
        return (exit, console.Output, trees);
    }

    [Fact]
    public async Task Check_ends_by_itself_with_the_finished_tests_and_a_message_that_names_the_sentinel()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the shared-memory check reads /proc and /dev/shm");

        var (exit, output, trees) = await CheckAsync();

        exit.Should().Be(1, $"a test of kata 02 fails; the tool printed:\n{output}");
        output.Should().NotContain("so the run was stopped", "the run must end by itself, well within its bound");
        output.Should().Contain("✓ SeedSum adds i plus i squared plus i cubed", "the tests that finished are shown");
        output.Should().Contain("✘ ProducerConsumer sums every item once");
        output.Should().Contain("waits for the Stop sentinel (did the producer put it last?)", "the failure says why the consumer waits for ever, in the learner's terms");
        output.Should().MatchRegex(@"\d of \d tests pass in 02-queues");
        ShouldLeaveNothingInDevShm(trees);
    }

    [Fact]
    public async Task A_run_stopped_the_way_Ctrl_C_stops_it_leaves_no_process_and_nothing_in_dev_shm()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the shared-memory check reads /proc and /dev/shm");

        var (exit, output, trees) = await CheckAsync(stopDuring: "ProducerConsumer");

        exit.Should().Be(130, $"Ctrl+C stops the run; the tool printed:\n{output}");
        output.Should().Contain("Stopped.");
        ShouldLeaveNothingInDevShm(trees);
        Directory.EnumerateDirectories("/proc").Where(d => ReadOrEmpty(Path.Combine(d, "cmdline")).Contains(copy.Root, StringComparison.Ordinal))
            .Should().BeEmpty("the test host and its children are killed with the run");
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>A runner that cancels the tool's token (what Ctrl+C does) a few seconds into a given test.</summary>
    private sealed class StopDuring(ITestRunner inner, string? test, CancellationTokenSource cancel) : ITestRunner
    {
        public Task<BuildResult> BuildAsync(KataSource source, CancellationToken cancellationToken) => inner.BuildAsync(source, cancellationToken);

        public Task<KataRun> RunAsync(KataSource source, string kata, RunOptions options, CancellationToken cancellationToken) =>
            inner.RunAsync(source, kata, options with
            {
                TestStarted = name =>
                {
                    options.TestStarted?.Invoke(name);
                    if (test is not null && name.Contains(test, StringComparison.Ordinal))
                    {
                        cancel.CancelAfter(TimeSpan.FromSeconds(5));
                    }
                },
            }, cancellationToken);
    }

    /// <summary>Every shared segment of the run's process trees is gone (the tracker removes them once the tree has ended).</summary>
    private static void ShouldLeaveNothingInDevShm(HashSet<string> trees)
    {
        trees.Should().NotBeEmpty("the run's child processes carry their tree's id; without one this check would prove nothing");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        List<string> left;
        while ((left = [.. trees.SelectMany(t => Directory.EnumerateFiles("/dev/shm", $"mp-{t}-*"))]).Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(200);
        }
        left.Should().BeEmpty("a run's shared memory is removed once its processes are gone, however they were stopped");
    }

    /// <summary>Collects the tree ids (HARNESS_SHM_TREE) of the processes started from the copy, while the check runs.</summary>
    private static void WatchTrees(string root, HashSet<string> trees, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (string dir in Directory.EnumerateDirectories("/proc"))
            {
                try
                {
                    if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(root, StringComparison.Ordinal))
                    {
                        continue;
                    }
                    foreach (string variable in File.ReadAllText(Path.Combine(dir, "environ")).Split('\0'))
                    {
                        if (variable.StartsWith("HARNESS_SHM_TREE=", StringComparison.Ordinal))
                        {
                            lock (trees)
                            {
                                trees.Add(variable["HARNESS_SHM_TREE=".Length..].Split('.')[0]);
                            }
                        }
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The process ended while it was read.
                }
            }
            stop.WaitHandle.WaitOne(200);
        }
    }
}
