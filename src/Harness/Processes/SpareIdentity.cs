using System.Diagnostics;

namespace Harness.Processes;

/// <summary>
/// What a child started now would get: the host, its arguments (harness build, runtime config,
/// deps file), the stamps of those files, the working directory and the whole environment.
/// A spare is used only if its identity, taken when it was started, equals the identity of a
/// cold start at claim time; anything else would run the job in a process unlike the one the
/// user asked for.
/// </summary>
internal sealed record SpareIdentity(string Host, string Arguments, string Files, string WorkingDirectory, ulong Environment)
{
    /// <summary>The identity of <paramref name="info"/>, a child's start info (the spare flag and inline job left out).</summary>
    public static SpareIdentity Of(ProcessStartInfo info)
    {
        var args = info.ArgumentList.Where(a => a is not (ChildEntry.Flag or ChildEntry.SpareFlag)).ToList();
        var files = new System.Text.StringBuilder();
        foreach (string a in args)
        {
            if (a.EndsWith(".dll", StringComparison.Ordinal) || a.EndsWith(".json", StringComparison.Ordinal))
            {
                // A rebuilt harness or a rewritten config keeps its path: compare what is there now.
                var f = new FileInfo(a);
                files.Append(a).Append('|').Append(f.Exists ? f.LastWriteTimeUtc.Ticks : -1).Append('|').Append(f.Exists ? f.Length : -1).Append('\n');
            }
        }
        return new SpareIdentity(info.FileName, string.Join('\0', args), files.ToString(), info.WorkingDirectory, Hash(info.Environment));
    }

    /// <summary>FNV-1a over the sorted variables: equal environments, equal hashes; a change anywhere, another.</summary>
    private static ulong Hash(IDictionary<string, string?> environment)
    {
        ulong hash = 14695981039346656037;
        foreach (var (key, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            hash = Mix(Mix(Mix(hash, key), "="), value ?? "\u0001");
            hash = Mix(hash, "\0");
        }
        return hash;
    }

    private static ulong Mix(ulong hash, string text)
    {
        foreach (char c in text)
        {
            hash = (hash ^ c) * 1099511628211;
        }
        return hash;
    }
}
