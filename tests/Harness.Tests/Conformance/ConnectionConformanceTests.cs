using static Harness.Tests.Conformance.ConformanceJobs;

namespace Harness.Tests.Conformance;

/// <summary>
/// CPython's <c>_TestConnection</c>, <c>_TestPoll</c> and <c>TestWait</c>, case by case under
/// their names. Deliberate differences: a connection carries typed items (Python's carries any
/// picklable object; send_bytes is Send of a byte[]); EOFError is EndOfStreamException; the
/// closed-handle OSError is InvalidOperationException; wait() takes processes themselves (Python
/// passes their sentinel) and refuses a negative timeout, as every harness timeout does (Python
/// treats it as zero); CPython's timing assertions are left out.
/// </summary>
public sealed class ConnectionConformanceTests
{
    private static MpProcess Quiet(MpProcess p)
    {
        p.OutputWriter = TextWriter.Null;
        p.Daemon = true;
        return p;
    }

    [Fact]
    public void test_connection()
    {
        var (conn, child) = Mp.Pipe<string>();
        using (conn)
        using (child)
        {
            using var p = Quiet(Mp.Process(Echo, child));
            p.Start();
            child.Close();

            conn.Poll().Should().BeFalse("nothing was sent yet");
            conn.Send("hello");
            conn.Recv(Patience).Should().Be("hello");
            conn.Poll(TimeSpan.Zero).Should().BeFalse();
            conn.Send("");
            conn.Poll(Patience).Should().BeTrue("the echo arrives");
            conn.Recv(Patience).Should().Be("");
            var longMessage = new string('x', 100_000);
            conn.Send(longMessage);
            conn.Recv(Patience).Should().Be(longMessage);

            conn.Close();
            p.JoinOk();
            conn.Invoking(c => c.Recv(TimeSpan.Zero)).Should().Throw<InvalidOperationException>("a closed connection can't receive (Python's OSError)");
        }
    }

    [Fact]
    public void test_connection_eof_once_the_other_end_closed()
    {
        var (reader, writer) = Mp.Pipe<string>(duplex: false);
        using (reader)
        using (writer)
        {
            using var p = Quiet(Mp.Process(SendAndClose, writer, "last words"));
            p.Start();
            writer.Close();
            p.JoinOk();

            reader.Recv(Patience).Should().Be("last words", "what was sent before close arrives");
            reader.Invoking(r => r.Recv(Patience)).Should().Throw<EndOfStreamException>("then recv() raises EOFError");
        }
    }

    [Fact]
    public void test_duplex_false()
    {
        var (reader, writer) = Mp.Pipe<int>(duplex: false);
        using (reader)
        using (writer)
        {
            writer.Send(1);
            reader.Recv(Patience).Should().Be(1);
            reader.Invoking(r => r.Send(2)).Should().Throw<InvalidOperationException>("the reading end of a one-way pipe can't send");
            writer.Invoking(w => w.Recv(TimeSpan.Zero)).Should().Throw<InvalidOperationException>("the writing end can't receive");
        }
    }

    [Fact]
    public void test_spawn_close()
    {
        // The parent closes its copy of the child's end; the child's copy still works.
        var (conn, child) = Mp.Pipe<string>();
        using (conn)
        using (child)
        {
            using var p = Quiet(Mp.Process(Echo, child));
            p.Start();
            child.Close();

            conn.Send("after close");
            conn.Recv(Patience).Should().Be("after close");
            conn.Close();
            p.JoinOk();
        }
    }

    [Fact]
    public void test_context()
    {
        var (a, b) = Mp.Pipe<int>();
        using (a)
        using (b)
        {
            a.Send(1);
            b.Recv(Patience).Should().Be(1);
        }
        a.Invoking(x => x.Send(2)).Should().Throw<InvalidOperationException>("a connection left by `with` is closed");
    }

    [Fact]
    public void test_empty_string_and_test_strings()
    {
        var (a, b) = Mp.Pipe<byte[]>();
        using (a)
        using (b)
        {
            a.Poll().Should().BeFalse();
            b.Send([]);
            a.Poll(Patience).Should().BeTrue("an empty message is still a message");
            a.Recv(Patience).Should().BeEmpty();
            byte[][] strings = new[] { "hello", "", "a", "b", "", "bye", "", "lop" }.Select(System.Text.Encoding.ASCII.GetBytes).ToArray();
            foreach (byte[] s in strings)
            {
                b.Send(s);
            }
            foreach (byte[] s in strings)
            {
                a.Poll(Patience).Should().BeTrue();
                a.Recv(Patience).Should().Equal(s, "messages keep their boundaries");
            }
            a.Poll().Should().BeFalse();
        }
    }

    [Fact]
    public void test_boundaries_and_test_dont_merge()
    {
        var (a, b) = Mp.Pipe<byte[]>();
        using (a)
        using (b)
        {
            b.Send("first"u8.ToArray());
            b.Send("second"u8.ToArray());

            a.Recv(Patience).Should().Equal("first"u8.ToArray(), "two sends are two messages, never merged");
            a.Recv(Patience).Should().Equal("second"u8.ToArray());
        }
    }

    [Fact]
    public void test_wait()
    {
        var readers = new List<MpConnection<int>>();
        var procs = new List<MpProcess>();
        var expected = new List<int>();
        try
        {
            for (int i = 0; i < 4; i++)
            {
                var (r, w) = Mp.Pipe<int>(duplex: false);
                var p = Quiet(Mp.Process(SendPidAndNumbers, w, 1));
                p.Start();
                w.Close();
                readers.Add(r);
                procs.Add(p);
                expected.AddRange(Enumerable.Range(0, 10).Select(n => p.Pid!.Value * 100 + n));
            }

            var got = new List<int>();
            var open = new List<MpConnection<int>>(readers);
            while (open.Count > 0)
            {
                foreach (MpConnection<int> r in Mp.Wait(open, Patience))
                {
                    try
                    {
                        got.Add(r.Recv(Patience));
                    }
                    catch (EndOfStreamException)
                    {
                        open.Remove(r);
                    }
                }
            }

            got.Order().Should().Equal(expected.Order(), "every message of every child arrives through wait()");
            procs.ForEach(p => p.JoinOk());
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
            procs.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public void test_wait_timeout()
    {
        var (a, b) = Mp.Pipe<int>();
        using (a)
        using (b)
        {
            Mp.Wait(new[] { a }, TimeSpan.FromMilliseconds(200)).Should().BeEmpty("nothing arrives within the timeout");
            b.Send(1);
            Mp.Wait(new[] { a }, Patience).Should().Equal(a);
            Mp.Wait(new[] { a, b }, TimeSpan.Zero).Should().Equal(new[] { a }, "timeout 0 just looks");
        }
    }

    [Fact]
    public void test_wait_integer()
    {
        // Processes in the list are ready once they have exited (Python waits on p.sentinel).
        var procs = new[] { Quiet(Mp.Process(ExitWith, 3)), Quiet(Mp.Process(SleepForever)) };
        try
        {
            procs[0].Start();
            procs[1].Start();

            Mp.Wait<object>(procs, Patience).Should().Equal(procs[0]);
            procs[1].Terminate();
            Children.WaitUntil(() => Mp.Wait<object>(procs, TimeSpan.Zero).Count == 2, "both processes to be ready");
            procs[0].ExitCode.Should().Be(3);
            procs[1].Join(Patience).Should().BeTrue();
            procs[1].ExitCode.Should().Be(-15);
        }
        finally
        {
            foreach (MpProcess p in procs)
            {
                p.Dispose();
            }
        }
    }

    [Fact]
    public void test_wait_mixed_connections_queues_and_processes()
    {
        var (a, b) = Mp.Pipe<int>();
        using (a)
        using (b)
        using (var q = Mp.Queue<string>())
        {
            q.Put("ready");

            Mp.Wait(new object[] { a, q }, Patience).Should().Equal(q);
            FluentActions.Invoking(() => Mp.Wait(new object[] { "not waitable" }, TimeSpan.Zero)).Should().Throw<ArgumentException>();
        }
    }

    [Fact]
    public void test_neg_timeout()
    {
        var (a, b) = Mp.Pipe<int>();
        using (a)
        using (b)
        {
            FluentActions.Invoking(() => Mp.Wait(new[] { a }, TimeSpan.FromSeconds(-1))).Should().Throw<ArgumentOutOfRangeException>("negative timeouts are refused everywhere in the harness");
        }
    }
}
