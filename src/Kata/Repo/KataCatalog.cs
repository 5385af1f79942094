using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Kata.Infrastructure;

namespace Kata.Repo;

/// <summary>
/// The katas of a repository, discovered from the folders katas/NN-topic (never a fixed list, so a
/// new kata appears as soon as its folder does), in the order of their numbers.
/// </summary>
internal sealed partial class KataCatalog
{
    private KataCatalog(string root, IReadOnlyList<KataInfo> katas)
    {
        Root = root;
        Katas = katas;
    }

    /// <summary>The repository root.</summary>
    public string Root { get; }

    /// <summary>Every kata, in course order.</summary>
    public IReadOnlyList<KataInfo> Katas { get; }

    /// <summary>Reads the katas/ folder of the repository at <paramref name="root"/>.</summary>
    public static KataCatalog Load(string root)
    {
        string katas = Path.Combine(root, "katas");
        if (!Directory.Exists(katas))
        {
            throw new KataToolException($"The repository at '{root}' has no katas/ folder.");
        }
        var found = Directory.EnumerateDirectories(katas)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => KataFolder().IsMatch(n))
            .Order(StringComparer.Ordinal)
            .Select(n => new KataInfo(n, root))
            .ToList();
        return new KataCatalog(root, found);
    }

    /// <summary>
    /// Finds a kata by its folder name, its number ("1", "01") or its topic ("processes");
    /// otherwise throws, suggesting the closest name.
    /// </summary>
    public KataInfo Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string wanted = name.Trim().TrimEnd('/', '\\');
        wanted = wanted.StartsWith("katas/", StringComparison.Ordinal) ? wanted["katas/".Length..] : wanted;
        KataInfo? hit = Katas.FirstOrDefault(k => string.Equals(k.Name, wanted, StringComparison.OrdinalIgnoreCase))
            ?? Katas.FirstOrDefault(k => int.TryParse(wanted, System.Globalization.CultureInfo.InvariantCulture, out int n) && k.Number == n)
            ?? Katas.FirstOrDefault(k => string.Equals(k.Topic, wanted, StringComparison.OrdinalIgnoreCase));
        if (hit is not null)
        {
            return hit;
        }
        string known = string.Join(", ", Katas.Select(k => k.Name));
        // Only a near miss is a suggestion: "proceses" is a typo of processes, "foo" is nothing's.
        int tolerance = Math.Max(2, wanted.Length / 3);
        string? closest = Katas
            .Select(k => (k.Name, Distance: Math.Min(Levenshtein(wanted.ToLowerInvariant(), k.Name), Levenshtein(wanted.ToLowerInvariant(), k.Topic))))
            .Where(x => x.Distance <= tolerance)
            .OrderBy(x => x.Distance)
            .Select(x => x.Name)
            .FirstOrDefault();
        string suggestion = closest is null ? "" : $" Did you mean '{closest}'?";
        throw new KataToolException($"There is no kata '{name}'.{suggestion} The katas are: {known}.");
    }

    /// <summary>
    /// How many tests each kata has, counted in the test sources (for the dashboard before any run):
    /// a [Fact] or [Property] is one test, a [Theory] one per [InlineData] row (at least one).
    /// A file belongs to the kata named by its first [Trait("Kata", ...)].
    /// </summary>
    public IReadOnlyDictionary<string, int> CountTestsInSources()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        string tests = Path.Combine(Root, "tests", "Katas.Tests");
        if (!Directory.Exists(tests))
        {
            return counts;
        }
        foreach (string file in TestChecksum.SourceFiles(tests))
        {
            if (!file.EndsWith(".cs", StringComparison.Ordinal))
            {
                continue;
            }
            string text = File.ReadAllText(Path.Combine(tests, file));
            Match trait = KataTrait().Match(text);
            if (!trait.Success)
            {
                continue;
            }
            counts[trait.Groups[1].Value] = counts.GetValueOrDefault(trait.Groups[1].Value) + CountTests(text);
        }
        return counts;
    }

    /// <summary>
    /// The test methods of each kata, as named in the test sources, with how many tests each is
    /// (a [Theory] one per [InlineData] row), in source order. Grading names tests that could not
    /// run from this, and checks that the grading settings weight only tests that exist.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(string Method, int Cases)>> TestMethodsInSources()
    {
        var methods = new Dictionary<string, List<(string, int)>>(StringComparer.Ordinal);
        string tests = Path.Combine(Root, "tests", "Katas.Tests");
        if (Directory.Exists(tests))
        {
            foreach (string file in TestChecksum.SourceFiles(tests).Where(f => f.EndsWith(".cs", StringComparison.Ordinal)))
            {
                string text = File.ReadAllText(Path.Combine(tests, file));
                if (KataTrait().Match(text) is { Success: true } trait)
                {
                    string kata = trait.Groups[1].Value;
                    if (!methods.TryGetValue(kata, out List<(string, int)>? list))
                    {
                        methods[kata] = list = [];
                    }
                    list.AddRange(FindTests(text));
                }
            }
        }
        return methods.ToDictionary(p => p.Key, p => (IReadOnlyList<(string, int)>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>A hash of the kata's sources, to tell whether a cached result still describes the code.</summary>
    public static string Fingerprint(KataInfo kata)
    {
        ArgumentNullException.ThrowIfNull(kata);
        var text = new StringBuilder();
        foreach (string file in kata.KataSources())
        {
            text.Append(file).Append('\0').Append(File.ReadAllText(Path.Combine(kata.KataDirectory, file)).ReplaceLineEndings("\n")).Append('\0');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static int CountTests(string source) => FindTests(source).Sum(t => t.Cases);

    /// <summary>Each test method in a source file: a [Fact] or [Property] is one test, a [Theory] one per [InlineData] row (at least one).</summary>
    private static List<(string Method, int Cases)> FindTests(string source)
    {
        var found = new List<(string, int)>();
        bool inTest = false, theory = false;
        int rows = 0;
        foreach (string raw in source.ReplaceLineEndings("\n").Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("[Fact", StringComparison.Ordinal) || line.StartsWith("[Property", StringComparison.Ordinal))
            {
                (inTest, theory, rows) = (true, false, 0);
            }
            else if (line.StartsWith("[Theory", StringComparison.Ordinal))
            {
                (inTest, theory, rows) = (true, true, 0);
            }
            else if (inTest && theory && line.StartsWith("[InlineData", StringComparison.Ordinal))
            {
                rows++;
            }
            else if (inTest && !line.StartsWith('[') && line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal))
            {
                // The attribute list ended: this is the test's signature.
                Match name = MethodName().Match(line);
                found.Add((name.Success ? name.Groups[1].Value : line, theory ? Math.Max(rows, 1) : 1));
                inTest = false;
            }
        }
        return found;
    }

    private static int Levenshtein(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    // The name before the parameter list: "public async Task Start_runs_the_job(int n)".
    [GeneratedRegex(@"(\w+)\s*(?:<[^>]*>)?\s*\(")]
    private static partial Regex MethodName();

    [GeneratedRegex(@"^\d{2}-[a-z0-9][a-z0-9-]*$")]
    private static partial Regex KataFolder();

    [GeneratedRegex(@"\[Trait\(\s*""Kata""\s*,\s*""([^""]+)""\s*\)\]")]
    private static partial Regex KataTrait();
}
