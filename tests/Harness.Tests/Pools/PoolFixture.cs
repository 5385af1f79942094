namespace Harness.Tests.Pools;

/// <summary>One pool of two workers shared by the tests of a class, so properties don't start processes per case.</summary>
public sealed class PoolFixture : IDisposable
{
    public MpPool Pool { get; } = Mp.Pool(2);

    public void Dispose() => Pool.Dispose();
}
