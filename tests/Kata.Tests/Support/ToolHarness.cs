using Kata.Infrastructure;
using Kata.Repo;
using Spectre.Console.Testing;

namespace Kata.Tests.Support;

/// <summary>Runs the tool's command line against a fake repository, runner and console.</summary>
internal sealed class ToolHarness
{
    public ToolHarness(FakeRepo repo, string? workingDirectory = null, int width = 250)
    {
        Repo = repo;
        WorkingDirectory = workingDirectory ?? repo.Root;
        Console = new TestConsole().Width(width);
    }

    public FakeRepo Repo { get; }

    public string WorkingDirectory { get; set; }

    public TestConsole Console { get; }

    public FakeRunner Runner { get; } = new();

    public IGit Git { get; set; } = new Git(new ProcessRunner());

    public IFileWatcher Watcher { get; set; } = new FakeWatcher();

    public Dictionary<string, string> Environment { get; } = [];

    public StringWriter RawOut { get; } = new();

    public string Output => Console.Output;

    public ToolHarness Interactive()
    {
        Console.Profile.Capabilities.Interactive = true;
        return this;
    }

    public async Task<int> RunAsync(params string[] args)
    {
        var context = new ToolContext
        {
            Console = Console,
            Locator = new RepositoryLocator(WorkingDirectory),
            CreateRunner = _ => Runner,
            Git = Git,
            Watcher = Watcher,
            GetEnvironmentVariable = name => Environment.GetValueOrDefault(name),
            RawOut = RawOut,
            WatchDebounce = TimeSpan.FromMilliseconds(100),
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await KataApp.RunAsync(context, args, timeout.Token);
    }
}

/// <summary>A file watcher fired by hand.</summary>
internal sealed class FakeWatcher : IFileWatcher
{
    private Action<string>? _changed;

    public string? Directory { get; private set; }

    public IDisposable Watch(string directory, Action<string> changed)
    {
        Directory = directory;
        _changed = changed;
        return new Stop(this);
    }

    public void Fire(string path) => _changed?.Invoke(path);

    private sealed class Stop(FakeWatcher owner) : IDisposable
    {
        public void Dispose() => owner._changed = null;
    }
}
