using System.Diagnostics;
using System.Text;

namespace Kata.Infrastructure;

/// <summary>What an external command printed and how it ended.</summary>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    /// <summary>Both streams, stdout first: compilers and test runners split their messages between them.</summary>
    public string AllOutput => StandardOutput + StandardError;
}

/// <summary>How to run a command beyond its name and arguments.</summary>
internal sealed record CommandOptions
{
    /// <summary>How long it may run before it is stopped (the whole process tree is killed).</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>Variables to set (a null value removes one) in the command's environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>Called with each line of standard output as it arrives (on a reader thread).</summary>
    public Action<string>? OnOutputLine { get; init; }

    /// <summary>Stops the command like its timeout does (the result says TimedOut), for bounds the caller watches itself.</summary>
    public CancellationToken Stop { get; init; }
}

/// <summary>Runs external commands (dotnet, git). A seam so that the tool's tests need neither.</summary>
internal interface IProcessRunner
{
    Task<CommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, CommandOptions options, CancellationToken cancellationToken);
}

/// <summary>Shorter calls for commands that need only a timeout and an environment.</summary>
internal static class ProcessRunnerExtensions
{
    public static Task<CommandResult> RunAsync(this IProcessRunner runner, string fileName, IReadOnlyList<string> arguments, string workingDirectory,
        TimeSpan timeout, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? environment = null) =>
        runner.RunAsync(fileName, arguments, workingDirectory, new CommandOptions { Timeout = timeout, Environment = environment }, cancellationToken);
}

/// <summary>Runs a command to completion, capturing its output; kills the whole tree on timeout, stop or cancel.</summary>
internal sealed class ProcessRunner : IProcessRunner
{
    public async Task<CommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory,
        CommandOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in options.Environment ?? new Dictionary<string, string?>())
        {
            // A null value removes the variable from the child's environment.
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    stdout.AppendLine(e.Data);
                }
                options.OnOutputLine?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new KataToolException($"Could not start '{fileName}': {e.Message}. Is it installed and on the PATH?", e);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, options.Stop);
        timeoutSource.CancelAfter(options.Timeout);
        bool timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The test host and the harness's children belong to this tree: kill them all, never leave orphans.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }
        // WaitForExit without a timeout drains the redirected streams after exit.
        process.WaitForExit();
        string output, error;
        lock (stdout) { output = stdout.ToString(); }
        lock (stderr) { error = stderr.ToString(); }
        return new CommandResult(timedOut ? -1 : process.ExitCode, output, error, timedOut);
    }
}
