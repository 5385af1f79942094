using System.Globalization;
using Harness.Cluster;

// dotnet run --project src/Cluster -- silo       one silo of the local cluster (one per terminal)
// dotnet run --project src/Cluster -- map [n]    the course's pool.map(job, range(n)) on those silos
return args.FirstOrDefault() switch
{
    "silo" when args.Length == 1 => await RunSiloAsync(),
    "map" when args.Length <= 2 => Map(args.Length == 2 ? ParseCount(args[1]) : 10),
    _ => Usage(),
};

static async Task<int> RunSiloAsync() => await Harness.Cluster.SiloHost.RunDefaultAsync(CancellationToken.None);

static int Map(int n)
{
    using ClusterPool pool = LocalSilos.ConnectDefault();
    Console.WriteLine($"{pool.Silos.Count} silo(s), {pool.Processes} workers: {string.Join(", ", pool.Silos)}");
    List<int> squares = pool.Map(Demo.Job, Enumerable.Range(0, n));
    Console.WriteLine($"pool.map(job, range({n})) = [{string.Join(", ", squares)}]");
    List<string> where = pool.Map(Demo.WhereAmI, Enumerable.Range(0, n), chunkSize: 1);
    foreach (var group in where.Select((silo, i) => (silo, i)).GroupBy(x => x.silo))
    {
        Console.WriteLine($"  silo {group.Key} ran items {string.Join(", ", group.Select(x => x.i))}");
    }
    return 0;
}

static int ParseCount(string text) =>
    int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n <= 1_000_000
        ? n
        : throw new ArgumentException($"'{text}' is not a count of items from 0 to 1000000.");

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          dotnet run --project src/Cluster -- silo       start one silo of the local cluster (run it in each of three terminals)
          dotnet run --project src/Cluster -- map [n]    run the course's pool.map(job, range(n)) on the running silos
        """);
    return 2;
}

namespace Harness.Cluster
{
    /// <summary>The jobs of the map command. They live in this assembly, so every silo started from this build can run them.</summary>
    internal static class Demo
    {
        /// <summary>The course's job: the square of x.</summary>
        public static int Job(int x) => x * x;

        /// <summary>The silo running the task, and its process id.</summary>
        public static string WhereAmI(int item) => $"{ClusterPool.CurrentSilo} (pid {Environment.ProcessId})";
    }
}
