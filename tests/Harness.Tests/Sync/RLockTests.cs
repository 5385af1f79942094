using Harness.Tests.SharedMemory;

namespace Harness.Tests.Sync;

public sealed class RLockTests
{
    private static void ReleaseFromChild(MpRLock l, SharedValue<int> outcome)
    {
        try
        {
            l.Release();
            outcome.Value = 1;
        }
        catch (InvalidOperationException)
        {
            outcome.Value = 2;
        }
    }

    [Fact]
    public void The_owner_may_acquire_again_and_must_release_as_often()
    {
        using var l = Mp.RLock();
        l.Acquire();
        l.Acquire(TimeSpan.Zero).Should().BeTrue("an RLock is re-entrant for its owner");
        l.Release();
        l.IsHeldByCurrentThread.Should().BeTrue("one Acquire is still unmatched");
        l.Release();
        l.IsHeldByCurrentThread.Should().BeFalse();
        l.Invoking(x => x.Release()).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Another_thread_of_the_same_process_waits_for_the_owner()
    {
        using var l = Mp.RLock();
        using (l.Hold())
        {
            bool other = Children.OnOtherThread(() => l.Acquire(TimeSpan.FromMilliseconds(50)));
            other.Should().BeFalse("the owner is a (process, thread) pair, not just the process");
        }
        Children.OnOtherThread(() =>
        {
            bool got = l.Acquire(TimeSpan.Zero);
            if (got)
            {
                l.Release();
            }
            return got;
        }).Should().BeTrue("once released, any thread may take it");
    }

    [Fact]
    public void Only_the_owner_may_release_it_not_another_process()
    {
        using var l = Mp.RLock();
        using var outcome = Mp.Value(0);
        using (l.Hold())
        {
            using var p = Children.Start(Mp.Process(ReleaseFromChild, l, outcome));
            p.JoinOk();
        }
        outcome.Value.Should().Be(2, "the child does not own the RLock, so its Release throws");
    }
}
