using Kata.Infrastructure;

namespace Kata.Repo;

/// <summary>Where a kata stands, from the last test run of the learner's code.</summary>
internal enum KataStatus
{
    NotRun,
    InProgress,
    BuildFailed,
    Done,
}

/// <summary>One kata's progress as the dashboard shows it.</summary>
internal sealed record KataProgress(KataInfo Kata, int Passed, int Total, KataStatus Status, bool ChangedSinceRun, DateTimeOffset? LastRun);

/// <summary>An opened repository: its root, its katas, and the cache of the last results.</summary>
internal sealed class Workspace
{
    private Workspace(string root)
    {
        Root = root;
        Catalog = KataCatalog.Load(root);
        Cache = new ResultCache(root);
    }

    public string Root { get; }

    public KataCatalog Catalog { get; }

    public ResultCache Cache { get; }

    public static Workspace Open(string root) => new(root);

    /// <summary>Every kata's progress, in course order.</summary>
    public IReadOnlyList<KataProgress> Progress()
    {
        CacheState state = Cache.Load();
        IReadOnlyDictionary<string, int> counted = Catalog.CountTestsInSources();
        var list = new List<KataProgress>();
        foreach (KataInfo kata in Catalog.Katas)
        {
            if (!state.Runs.TryGetValue(kata.Name, out CachedRun? run))
            {
                list.Add(new KataProgress(kata, 0, counted.GetValueOrDefault(kata.Name), KataStatus.NotRun, false, null));
                continue;
            }
            KataStatus status = run.BuildFailed ? KataStatus.BuildFailed : run.AllPassed ? KataStatus.Done : KataStatus.InProgress;
            int total = run.Total > 0 ? run.Total : counted.GetValueOrDefault(kata.Name);
            bool changed = run.Fingerprint != KataCatalog.Fingerprint(kata);
            list.Add(new KataProgress(kata, run.Passed, total, status, changed, run.At));
        }
        return list;
    }

    /// <summary>The kata to work on: the first one not done (the last one when all are).</summary>
    public KataInfo? CurrentKata()
    {
        IReadOnlyList<KataProgress> progress = Progress();
        return progress.FirstOrDefault(p => p.Status != KataStatus.Done)?.Kata ?? (progress.Count > 0 ? progress[^1].Kata : null);
    }

    /// <summary>True when every kata's last run passed.</summary>
    public bool AllDone() => Progress() is { Count: > 0 } p && p.All(k => k.Status == KataStatus.Done);

    /// <summary>The named kata, or the current one when no name was given.</summary>
    public KataInfo ResolveOrCurrent(string? name)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            return Catalog.Resolve(name);
        }
        return CurrentKata() ?? throw new KataToolException($"There are no katas in '{Path.Combine(Root, "katas")}' yet (folders named like 01-processes).");
    }

    /// <summary>The kata after <paramref name="kata"/> in course order, if any.</summary>
    public KataInfo? Next(KataInfo kata) =>
        Catalog.Katas.SkipWhile(k => k.Name != kata.Name).Skip(1).FirstOrDefault();
}
