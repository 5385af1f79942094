namespace Harness.Tests.Transport;

/// <summary>A value that can't cross to another process is refused with a message that says what to send instead.</summary>
public sealed class SendErrorTests
{
    [Fact]
    public void An_Int128_put_on_a_queue_is_refused_with_what_to_send_instead()
    {
        using var q = Mp.Queue<Int128>();

        var put = () => q.Put(Int128.Parse("4999999666666716666660000000", System.Globalization.CultureInfo.InvariantCulture));

        put.Should().Throw<ArgumentException>()
            .Which.Message.Should().StartWith("An item of type Int128 can't be put on a queue: the harness copies values between processes with MessagePack, which has no format for Int128.")
            .And.Contain("Int128.Parse(text, CultureInfo.InvariantCulture)")
            .And.NotContain("FormatterCache", "MessagePack's internals mean nothing to the learner");
    }

    [Fact]
    public void A_list_of_Int128_names_the_element_type_that_can_not_cross()
    {
        using var q = Mp.Queue<List<Int128>>();

        var put = () => q.Put([1, 2]);

        put.Should().Throw<ArgumentException>()
            .Which.Message.Should().StartWith("An item of type List<Int128> can't be put on a queue:").And.Contain("no format for Int128");
    }

    private static void TakesInt128(Int128 value) => GC.KeepAlive(value);

    [Fact]
    public void An_Int128_argument_is_refused_at_the_call_with_the_same_advice()
    {
        var create = () => Mp.Process(TakesInt128, (Int128)5);

        create.Should().Throw<ArgumentException>().Which.Message.Should().Contain("no format for Int128").And.Contain("BigInteger");
    }
}
