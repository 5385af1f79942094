namespace Harness.Tests.Pools;

/// <summary>Functions the pool tests run in worker processes.</summary>
internal static class PoolJobs
{
    public static int Square(int x) => x * x;

    public static System.Numerics.BigInteger Power(int exponent) => System.Numerics.BigInteger.Pow(3, exponent);

    public static long Cube(long x) => x * x * x;

    public static int Add(int a, int b) => a + b;

    public static int Pid() => Environment.ProcessId;

    public static int PidOf(int _) => Environment.ProcessId;

    public static string Greet(string name) => $"hello {name}";

    public static int ThrowIfNegative(int x) => x >= 0 ? x : throw new ArgumentOutOfRangeException(nameof(x), x, "negative input");

    public static int SleepMs(int ms)
    {
        Thread.Sleep(ms);
        return ms;
    }

    public static int SleepForever(int _)
    {
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    public static int ExitProcess(int code)
    {
        Environment.Exit(code);
        return 0;
    }

    public static int KillSelf(int _)
    {
        System.Diagnostics.Process.GetCurrentProcess().Kill();
        return 0;
    }

    public static int Recurse(int depth) => depth < 0 ? 0 : Recurse(depth + 1) + 1;

    public static Stream ReturnStream(int _) => new MemoryStream();

    /// <summary>Waits for the other task at the barrier: it returns only if both run at the same time.</summary>
    public static int MeetAtBarrier(MpBarrier barrier)
    {
        barrier.Wait(TimeSpan.FromSeconds(30));
        return Environment.ProcessId;
    }
}
