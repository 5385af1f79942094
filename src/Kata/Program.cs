using Kata;
using Kata.Infrastructure;
using Kata.Repo;
using Kata.Running;
using Spectre.Console;

// The learner tool: dotnet run --project src/Kata -- <command>. See src/Kata/README.md.
if (Environment.GetEnvironmentVariable("GITHUB_ACTIONS") == "true")
{
    // CI logs are not a terminal: Spectre would wrap at 80 columns; give tables room.
    AnsiConsole.Profile.Width = 160;
}

var processes = new ProcessRunner();
var context = new ToolContext
{
    Console = AnsiConsole.Console,
    Locator = new RepositoryLocator(Directory.GetCurrentDirectory()),
    // A CI job builds once: no build server left running after it (CI=true on GitHub Actions and most others).
    CreateRunner = root => new TestHostRunner(processes, root) { BuildServers = Environment.GetEnvironmentVariable("CI") is not ("true" or "1") },
    Git = new Git(processes),
};

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the running command (and the test processes it started) cleanly.
    e.Cancel = true;
    cancel.Cancel();
};
return await KataApp.RunAsync(context, args, cancel.Token).ConfigureAwait(false);
