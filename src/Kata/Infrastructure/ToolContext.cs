using Kata.Repo;
using Kata.Running;
using Spectre.Console;

namespace Kata.Infrastructure;

/// <summary>Everything a command touches outside itself; the tests build one from fakes.</summary>
internal sealed class ToolContext
{
    public required IAnsiConsole Console { get; init; }

    public required IRepositoryLocator Locator { get; init; }

    /// <summary>Makes the test runner for a repository root.</summary>
    public required Func<string, ITestRunner> CreateRunner { get; init; }

    public required IGit Git { get; init; }

    public IFileWatcher Watcher { get; init; } = new FileSystemFileWatcher();

    /// <summary>Reads an environment variable (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Unwrapped output for machine-read lines (GitHub workflow commands), which must not be wrapped at the console width.</summary>
    public TextWriter RawOut { get; init; } = System.Console.Out;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long watch waits after the last change before it reruns the tests.</summary>
    public TimeSpan WatchDebounce { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>The learner's name for the tool in suggestions ("kata check"): the README defines it once.</summary>
    public string ToolCommand { get; init; } = "kata";

    /// <summary>What <see cref="ToolCommand"/> stands for, for maintainers' messages and the one line that defines it.</summary>
    public string FullToolCommand { get; init; } = "dotnet run --project src/Kata --";

    /// <summary>The repository (root, katas, cache) found from the current directory.</summary>
    public Workspace OpenWorkspace() => Workspace.Open(Locator.FindRoot());
}
