using System.Text.Json;
using Kata.Running;

namespace Kata.Infrastructure;

/// <summary>The last result of one kata's tests against the learner's code.</summary>
internal sealed class CachedRun
{
    public DateTimeOffset At { get; set; }

    /// <summary>The kata sources' fingerprint when the tests ran.</summary>
    public string Fingerprint { get; set; } = "";

    public int Passed { get; set; }

    public int Total { get; set; }

    public bool BuildFailed { get; set; }

    public string? Problem { get; set; }

    /// <summary>The fingerprint of everything the tests' build read (<see cref="BuildInputs"/>), to tell an unchanged rerun.</summary>
    public string? Inputs { get; set; }

    /// <summary>Each test's name, outcome and seconds, in the order they finished.</summary>
    public List<CachedTest> Tests { get; set; } = [];

    /// <summary>Every test passed in a complete run.</summary>
    public bool AllPassed => !BuildFailed && Problem is null && Total > 0 && Passed == Total;
}

/// <summary>One test of a cached run.</summary>
internal sealed class CachedTest
{
    public string Name { get; set; } = "";

    public TestOutcome Outcome { get; set; }

    public double? Seconds { get; set; }
}

/// <summary>What .kata/state.json holds.</summary>
internal sealed class CacheState
{
    public Dictionary<string, CachedRun> Runs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How many hints of each kata were shown.</summary>
    public Dictionary<string, int> HintsShown { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The last test results per kata and hint progress, in .kata/state.json. Only ever written from
/// test runs (and the hint command): deleting it loses nothing a check cannot restore.
/// </summary>
internal sealed class ResultCache(string root)
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    private string FilePath => Path.Combine(CacheFolder.PathFor(root), "state.json");

    public CacheState Load()
    {
        try
        {
            return File.Exists(FilePath)
                ? JsonSerializer.Deserialize<CacheState>(File.ReadAllText(FilePath), s_json) ?? new CacheState()
                : new CacheState();
        }
        catch (JsonException)
        {
            // A damaged cache is only a lost cache: the next check rebuilds it.
            return new CacheState();
        }
    }

    public void Save(CacheState state)
    {
        CacheFolder.EnsureIgnored(root);
        string temp = FilePath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(state, s_json));
        File.Move(temp, FilePath, overwrite: true);
    }

    /// <summary>Records a run of the learner's code.</summary>
    /// <param name="run">The run.</param>
    /// <param name="fingerprint">The kata's sources (<see cref="Repo.KataCatalog.Fingerprint"/>).</param>
    /// <param name="buildFailed">Whether the build failed, so that nothing ran.</param>
    /// <param name="at">When.</param>
    /// <param name="inputs">Everything the build read (<see cref="BuildInputs"/>), or null when unknown.</param>
    public void Record(KataRun run, string fingerprint, bool buildFailed, DateTimeOffset at, string? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        CacheState state = Load();
        state.Runs[run.Kata] = new CachedRun
        {
            At = at,
            Fingerprint = fingerprint,
            Passed = run.Passed,
            Total = run.Total,
            BuildFailed = buildFailed,
            Problem = run.Problem,
            Inputs = inputs,
            Tests = [.. run.Tests.Select(t => new CachedTest { Name = t.FullName, Outcome = t.Outcome, Seconds = t.Duration?.TotalSeconds })],
        };
        Save(state);
    }

    /// <summary>Forgets a kata's last run (after reset: the stub is back, the old result says nothing about it).</summary>
    public void Forget(string kata)
    {
        CacheState state = Load();
        if (state.Runs.Remove(kata))
        {
            Save(state);
        }
    }
}
