using System.Globalization;
using Harness;
using Harness.Cluster;

namespace Katas.Clusters;

// Kata 08: the same pool on a cluster of machines (Orleans silos).
// Read README.md in this folder first. Check your work with:
//   kata check 08-cluster          (kata = ./kata, or dotnet run --project src/Kata --)

/// <summary>Kata 08: the same pool on a cluster of machines (Orleans silos).</summary>
public static class ClusterKata
{
    /// <summary>The course's n: range(10_000_000).</summary>
    public const long CourseN = 10_000_000;

    /// <summary>The course's job: the square of x. It runs on a silo; it may run twice if a silo is lost.</summary>
    // TODO: mark this method as safe to run twice (see README: partial failure)
    public static int Job(int x)
    {
        // TODO: return the square of x
        throw new NotImplementedException();
    }

    /// <summary>The silo running this task (its address), to see where a task ran.</summary>
    public static string WhereAmI(int task)
    {
        // TODO: return the silo running this task (ClusterPool.CurrentSilo)
        throw new NotImplementedException();
    }

    /// <summary>Kata 03's job on a silo: the sum of i + i² + i³ for 0 ≤ i &lt; n, exactly, as text.</summary>
    // TODO: mark this method as safe to run twice too
    public static string EfficiencyJob(long n)
    {
        // TODO: the sum in Int128 (widen i before multiplying), returned as text (CultureInfo.InvariantCulture)
        throw new NotImplementedException();
    }

    /// <summary>A pool on the cluster the client is connected to: two workers on every silo.</summary>
    public static ClusterPool CreatePool(IClusterClient client)
    {
        // TODO: ClusterPool.Connect with two workers per silo
        throw new NotImplementedException();
    }

    /// <summary><c>pool.map(job, range(n))</c> on any pool: local processes or a cluster.</summary>
    public static List<int> MapSquares(IPool pool, int n)
    {
        // TODO: the same line as in kata 04
        throw new NotImplementedException();
    }

    /// <summary>Runs <see cref="WhereAmI"/> once per task, one task per chunk, and returns where each ran.</summary>
    public static List<string> Placement(IPool pool, int tasks)
    {
        // TODO: map WhereAmI over the tasks, one task per chunk
        throw new NotImplementedException();
    }

    /// <summary>The course's multicore() on a pool: the efficiency job for n, twice, as two tasks; their sum.</summary>
    public static Int128 MultiCore(IPool pool, long n)
    {
        // TODO: map EfficiencyJob over [n, n] one task each; parse both results and add them
        throw new NotImplementedException();
    }
}
