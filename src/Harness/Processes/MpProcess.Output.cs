using System.Diagnostics;
using Harness.Processes;

namespace Harness;

/// <summary>The parent's side of a child's output and control channel.</summary>
public sealed partial class MpProcess
{
    private ChildStatus? _status;
    private long _statusAt;
    private readonly HashSet<string> _putOn = new(StringComparer.Ordinal);

    /// <summary>
    /// What the child said it has been waiting for (its calls that waited at least
    /// <see cref="ChildWatch.Threshold"/>), or null when it has not said or runs again.
    /// </summary>
    internal ChildStatus? Status => Volatile.Read(ref _status) is { Calls.Count: > 0 } s ? s : null;

    /// <summary>How long ago <see cref="Status"/> arrived (the child reports only changes).</summary>
    internal TimeSpan StatusAge => Stopwatch.GetElapsedTime(Volatile.Read(ref _statusAt));

    /// <summary>The names of the queues the child has put items on.</summary>
    internal IReadOnlyCollection<string> QueuesPutOn
    {
        get
        {
            lock (_gate)
            {
                return [.. _putOn];
            }
        }
    }

    /// <summary>The job's target as "Type.Method", for messages.</summary>
    internal string TargetName => _targetName;

    /// <summary>
    /// Reads one of the child's pipes line by line. Standard output carries everything the job
    /// printed, its stderr lines tagged (see <see cref="ChildWatch"/>), so their order is kept;
    /// standard error carries the harness's control lines, and whatever the runtime itself wrote
    /// there (a crash's text), which is output too.
    /// </summary>
    private async Task PumpAsync(StreamReader reader, bool isError)
    {
        // Process.Dispose leaves a stream it handed out open, so each pipe is closed here at its end
        // of file: otherwise it stays open until the finalizer runs, a few dozen pipes at any time
        // in a program that starts many children.
        using var owned = reader;
        string prefix = $"[{_name}] ";
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (isError)
            {
                if (ChildReport.Find(line, _token, out string before) is { } report)
                {
                    _report = report;
                    if (before.Length > 0)
                    {
                        Keep(before, prefix, isError: true);
                    }
                    continue;
                }
                if (ChildStatus.TryParse(line, _token, out ChildStatus? status, out string? putOn))
                {
                    Note(status, putOn);
                    continue;
                }
                Keep(line, prefix, isError: true);
                continue;
            }
            int tag = line.IndexOf(ChildWatch.ErrorTag, StringComparison.Ordinal);
            if (tag < 0)
            {
                Keep(line, prefix, isError: false);
                continue;
            }
            // Text before the tag is a stdout line the job had not ended when it wrote to stderr.
            if (tag > 0)
            {
                Keep(line[..tag], prefix, isError: false);
            }
            Keep(line[(tag + 1)..].Replace(ChildWatch.ErrorTag.ToString(), "", StringComparison.Ordinal), prefix, isError: true);
        }
    }

    private void Keep(string line, string prefix, bool isError)
    {
        lock (_gate)
        {
            _output.Append(line).Append('\n');
        }
        TextWriter forward = _outputWriter ?? (isError ? Console.Error : Console.Out);
        try
        {
            forward.WriteLine(prefix + line);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or IOException)
        {
            // The writer went away (a test's captured output after the test ended, a closed
            // console): the line is still kept in Output.
        }
    }

    private void Note(ChildStatus? status, string? putOn)
    {
        if (putOn is not null)
        {
            lock (_gate)
            {
                _putOn.Add(putOn);
            }
            ChildRegistry.NotePut(putOn, this);
            return;
        }
        Volatile.Write(ref _statusAt, Stopwatch.GetTimestamp());
        Volatile.Write(ref _status, status);
    }
}
