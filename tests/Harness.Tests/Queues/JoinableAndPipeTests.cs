namespace Harness.Tests.Queues;

public sealed class JoinableAndPipeTests
{
    [Fact]
    public void Join_waits_until_every_item_is_marked_done_in_a_child()
    {
        using var q = Mp.JoinableQueue<int>();
        for (int i = 0; i < 50; i++)
        {
            q.Put(i);
        }
        q.Join(TimeSpan.FromMilliseconds(50)).Should().BeFalse("nobody has marked anything done yet");
        using var worker = Run.Start(Mp.Process(QueueJobs.WorkAndMarkDone, q, 50));

        q.Join(Run.Long).Should().BeTrue();
        Run.JoinOk(worker);
        q.Invoking(x => x.TaskDone()).Should().Throw<InvalidOperationException>().WithMessage("*more times*");
    }

    [Fact]
    public void A_duplex_pipe_talks_both_ways_with_a_child_and_ends_with_end_of_stream()
    {
        var (mine, theirs) = Mp.Pipe<string>();
        using var child = Run.Start(Mp.Process(QueueJobs.Lengths, theirs));
        theirs.Dispose(); // Python's idiom: the parent closes its copy of the child's end

        mine.Send("hello");
        mine.Recv(Run.Long).Should().Be("5");
        mine.Send("");
        mine.Poll(Run.Long).Should().BeTrue();
        mine.Recv(Run.Long).Should().Be("0");
        mine.Close();
        Run.JoinOk(child);
    }

    [Fact]
    public void Recv_reports_end_of_stream_once_the_sender_has_exited_and_everything_is_read()
    {
        var (reader, writer) = Mp.Pipe<string>(duplex: false);
        using var child = Run.Start(Mp.Process(QueueJobs.SendThree, writer));
        writer.Dispose();
        Run.JoinOk(child);

        reader.Recv(Run.Long).Should().Be("one");
        reader.Recv(Run.Long).Should().Be("two");
        reader.Recv(Run.Long).Should().Be("three");
        reader.Invoking(r => r.Recv(Run.Long)).Should().Throw<EndOfStreamException>();
        reader.Dispose();
    }

    [Fact]
    public void A_one_way_pipe_refuses_the_wrong_direction()
    {
        var (reader, writer) = Mp.Pipe<int>(duplex: false);
        reader.Invoking(r => r.Send(1)).Should().Throw<InvalidOperationException>().WithMessage("*only receive*");
        writer.Invoking(w => w.Recv(TimeSpan.Zero)).Should().Throw<InvalidOperationException>().WithMessage("*only send*");
        writer.Send(5);
        reader.Poll().Should().BeTrue();
        reader.Recv().Should().Be(5);
        reader.Poll(TimeSpan.FromMilliseconds(20)).Should().BeFalse();
        reader.Dispose();
        writer.Dispose();
    }
}
