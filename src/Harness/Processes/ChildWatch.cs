using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Harness.Processes;

/// <summary>
/// The child's side of what the parent learns while a job runs: its output in one ordered
/// stream, and what it has been waiting for when it waits long.
/// </summary>
/// <remarks>
/// Order: the job's stdout and stderr would travel on two pipes, and two pipes cannot be ordered
/// against each other by the reader. So the job's <see cref="Console.Error"/> writes to standard
/// output too, each of its lines led by <see cref="ErrorTag"/>; the parent strips the tag and
/// forwards the line as stderr. Standard error itself stays the harness's control channel.
///
/// Waits: a timer looks at <see cref="Blocking"/>'s slots a few times a second (a job that never
/// waits long never pays more than that), and once a call has waited <see cref="Threshold"/> it
/// tells the parent what the call is; when the call ends it says so again.
/// </remarks>
internal static class ChildWatch
{
    /// <summary>Leads a line the job wrote to its standard error, on the standard output pipe.</summary>
    public const char ErrorTag = '\u001f';

    /// <summary>How long a call waits before the parent hears of it.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan s_period = TimeSpan.FromMilliseconds(250);
    private static readonly Lock s_gate = new();
    private static readonly Dictionary<(object Slot, int Sequence), long> s_firstSeen = [];
    private static string s_token = "";
    private static Stream? s_control;
    private static Timer? s_timer;
    private static string s_lastSent = "";
    private static bool s_stopped;
    private static int s_ticking;

    /// <summary>Called by the child's entry point before the job runs.</summary>
    public static void Install(string token)
    {
        s_token = token;
        Console.SetError(TextWriter.Synchronized(new TaggedErrorWriter()));
        Blocking.PutNoted = queueId => Send(ChildStatus.FormatPut(s_token, queueId));
        s_timer = new Timer(_ => Tick(), null, s_period, s_period);
    }

    /// <summary>Names the job's shared arguments after its parameters, for messages ("the queue 'items'").</summary>
    public static void NameArguments(ParameterInfo[] parameters, object?[] values)
    {
        for (int i = 0; i < Math.Min(parameters.Length, values.Length); i++)
        {
            if (values[i] is { } value && value.GetType().Assembly == typeof(ChildWatch).Assembly && parameters[i].Name is { } name)
            {
                Blocking.Label(value, name);
            }
        }
    }

    /// <summary>Stops the watch before the final report, so that nothing is written to the control channel after it.</summary>
    public static void Stop()
    {
        lock (s_gate)
        {
            s_stopped = true;
            s_timer?.Dispose();
        }
    }

    private static void Tick()
    {
        // A tick that runs long (a loaded machine) must not overlap the next one.
        if (Interlocked.Exchange(ref s_ticking, 1) == 1)
        {
            return;
        }
        try
        {
            Look();
        }
        finally
        {
            Volatile.Write(ref s_ticking, 0);
        }
    }

    private static void Look()
    {
        long now = Stopwatch.GetTimestamp();
        var seen = new HashSet<(object, int)>();
        var blocked = new List<BlockedCall>();
        var keys = new StringBuilder();
        lock (s_gate)
        {
            foreach (var (call, slot, sequence) in Blocking.Snapshot())
            {
                var key = (slot, sequence);
                seen.Add(key);
                if (!s_firstSeen.TryGetValue(key, out long first))
                {
                    s_firstSeen[key] = now;
                    continue;
                }
                TimeSpan waited = Stopwatch.GetElapsedTime(first, now);
                if (waited >= Threshold)
                {
                    blocked.Add(call with { Seconds = waited.TotalSeconds });
                    keys.Append(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(slot)).Append('.').Append(sequence).Append(' ');
                }
            }
            foreach (var gone in s_firstSeen.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                s_firstSeen.Remove(gone);
            }
        }
        int live = blocked.Count == 0 ? 0 : ChildRegistry.Active.Count;
        string identity = keys.Append(live).ToString();
        if (identity != s_lastSent)
        {
            s_lastSent = identity;
            Send(new ChildStatus(live, blocked).Format(s_token));
        }
    }

    private static void Send(string line)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (s_gate)
        {
            if (s_stopped)
            {
                return;
            }
            try
            {
                s_control ??= Console.OpenStandardError();
                s_control.Write(bytes);
                s_control.Flush();
            }
            catch (IOException)
            {
                // The parent is gone; this child ends with it.
            }
        }
    }

    /// <summary>
    /// The job's Console.Error: writes to standard output, each line led by <see cref="ErrorTag"/>,
    /// a whole line in one write so that it lands between the job's stdout lines, not inside one.
    /// </summary>
    private sealed class TaggedErrorWriter : TextWriter
    {
        private static readonly UTF8Encoding s_utf8 = new(false);
        private Stream? _stdout;
        private bool _atLineStart = true;

        public override Encoding Encoding => s_utf8;

        public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

        public override void Write(string? value) => Write(value.AsSpan());

        public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

        public override void WriteLine() => Write(CoreNewLine);

        public override void WriteLine(string? value) => WriteLine(value.AsSpan());

        public override void WriteLine(ReadOnlySpan<char> buffer) => Write(string.Concat(buffer, CoreNewLine).AsSpan());

        public override void Write(ReadOnlySpan<char> buffer)
        {
            if (buffer.IsEmpty)
            {
                return;
            }
            var text = new StringBuilder(buffer.Length + 4);
            foreach (char c in buffer)
            {
                if (_atLineStart)
                {
                    text.Append(ErrorTag);
                    _atLineStart = false;
                }
                text.Append(c);
                _atLineStart = c == '\n';
            }
            try
            {
                _stdout ??= Console.OpenStandardOutput();
                _stdout.Write(s_utf8.GetBytes(text.ToString()));
                _stdout.Flush();
            }
            catch (IOException)
            {
                // The parent stopped reading: like a closed console, the text goes nowhere.
            }
        }
    }
}
