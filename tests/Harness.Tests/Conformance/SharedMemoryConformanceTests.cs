using System.Diagnostics;
using System.Text;
using static Harness.Tests.Conformance.ConformanceJobs;

namespace Harness.Tests.Conformance;

using SharedMemory = Harness.SharedMemory;

/// <summary>
/// CPython's <c>_TestSharedMemory</c>, case by case under their names, plus the same blocks
/// opened by a real Python program (names are POSIX shared memory names, so either side opens
/// the other's). Deliberate differences: <c>SharedMemory(name, create=True, size)</c> is
/// SharedMemory.Create and <c>SharedMemory(name)</c> SharedMemory.Open; ValueError is
/// ArgumentOutOfRangeException or InvalidOperationException, FileExistsError an IOException;
/// ShareableList.index returns -1 where Python raises ValueError.
/// </summary>
public sealed class SharedMemoryConformanceTests
{
    private static string UniqueName() => $"test_w_{Environment.ProcessId}_{Guid.NewGuid():N}"[..30];

    [Fact]
    public void test_shared_memory_basics()
    {
        string name = UniqueName();
        using var sms = SharedMemory.Create(512, name);
        try
        {
            sms.Name.Should().Be(name);
            sms.Size.Should().Be(512);
            sms.AsSpan().Length.Should().Be(512);
            sms.AsSpan()[0] = 42;
            sms.AsSpan()[0].Should().Be(42);
            sms.ToString().Should().Be($"SharedMemory('{name}', size=512)");

            using var alsoSms = SharedMemory.Open(name);
            alsoSms.AsSpan()[0].Should().Be(42, "a second attachment sees the same memory");
            using var withSlash = SharedMemory.Open("/" + name);
            withSlash.Name.Should().Be(name, "the name is reported without the leading slash");

            FluentActions.Invoking(() => SharedMemory.Create(512, name)).Should().Throw<IOException>("creating an existing name is FileExistsError");
        }
        finally
        {
            sms.Unlink();
        }
        FluentActions.Invoking(() => SharedMemory.Open(name)).Should().Throw<FileNotFoundException>("an unlinked block can't be opened");
        sms.Invoking(s => s.Unlink()).Should().Throw<FileNotFoundException>("unlinking twice is FileNotFoundError");
        sms.Close();
        sms.Invoking(s => s.AsSpan()).Should().Throw<ObjectDisposedException>("a closed block has no buffer");
        sms.Invoking(s => s.Close()).Should().NotThrow("closing twice is fine");
    }

    [Fact]
    public void test_shared_memory_made_up_names_look_like_Pythons()
    {
        using var shm = SharedMemory.Create(16);
        try
        {
            shm.Name.Should().MatchRegex("^psm_[0-9a-f]{8}$");
        }
        finally
        {
            shm.Unlink();
        }
    }

    [Fact]
    public void test_invalid_shared_memory_cration()
    {
        FluentActions.Invoking(() => SharedMemory.Create(-2)).Should().Throw<ArgumentOutOfRangeException>("a negative size is ValueError");
        FluentActions.Invoking(() => SharedMemory.Create(0)).Should().Throw<ArgumentOutOfRangeException>("a zero size when creating is ValueError");
        FluentActions.Invoking(() => SharedMemory.Open("")).Should().Throw<ArgumentException>("there is no block without a name");
        FluentActions.Invoking(() => SharedMemory.Create(8, "a/b")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void test_shared_memory_pickle_unpickle_and_across_processes()
    {
        using var sms = SharedMemory.Create(64);
        try
        {
            using (var p = Mp.Process(WriteIntoSharedMemory, sms.Name, "hello by name"))
            {
                p.OutputWriter = TextWriter.Null;
                p.Start();
                p.JoinOk();
            }
            Encoding.UTF8.GetString(sms.AsSpan()[..13]).Should().Be("hello by name");

            using (var p = Mp.Process(WriteThroughArgument, sms, "hello by arg!"))
            {
                p.OutputWriter = TextWriter.Null;
                p.Start();
                p.JoinOk();
            }
            Encoding.UTF8.GetString(sms.AsSpan()[..13]).Should().Be("hello by arg!", "the block crosses by name, as Python pickles it");
        }
        finally
        {
            sms.Unlink();
        }
    }

    [Fact]
    public void test_shared_memory_ShareableList_basics()
    {
        using var sl = ShareableList.Create(["howdy", "HoWdY".Encoding(), -273.154, 100, null, true, 42]);
        try
        {
            sl.Count.Should().Be(7);
            sl[0].Should().Be("howdy");
            sl[1].Should().BeEquivalentTo("HoWdY"u8.ToArray());
            sl[2].Should().Be(-273.154);
            sl[3].Should().Be(100);
            sl[4].Should().BeNull();
            sl[5].Should().Be(true);
            sl[6].Should().Be(42);
            sl[-1].Should().Be(42, "a negative index counts from the end");
            sl.Format.Should().Be("8s8sdqxxxxxx?xxxxxxxx?q");

            sl.IndexOf(42).Should().Be(6);
            sl.IndexOf(100).Should().Be(3);
            sl.IndexOf("howdy").Should().Be(0);
            sl.IndexOf("adios").Should().Be(-1, "index() of a missing value (Python raises ValueError)");
            sl.CountOf(true).Should().Be(1);
            sl.CountOf(1).Should().Be(1, "1 == True, as in Python");

            sl[3] = 42;
            sl[3].Should().Be(42);
            sl[4] = "some";
            sl[4].Should().Be("some", "a str fits an 8-byte slot of a former None");
            sl.Format.Should().Be("8s8sdq8sxxxxxxx?q");
            sl.Invoking(l => l[4] = "far too many").Should().Throw<ArgumentException>("a str longer than its slot is ValueError");
            sl[4].Should().Be("some");
            sl.Invoking(l => _ = l[7]).Should().Throw<ArgumentOutOfRangeException>("IndexError");
            sl.Invoking(l => l[7] = 1).Should().Throw<ArgumentOutOfRangeException>();

            using var alsoSl = ShareableList.Open(sl.Shm.Name);
            Pickle.SameData(alsoSl.ToList(), sl.ToList()).Should().BeTrue("a second attachment reads the same items");

            using var empty = ShareableList.Create([]);
            try
            {
                empty.Count.Should().Be(0);
                empty.Format.Should().BeEmpty();
            }
            finally
            {
                empty.Shm.Unlink();
            }
        }
        finally
        {
            sl.Shm.Unlink();
        }
    }

    [Fact]
    public void test_shared_memory_ShareableList_pickling()
    {
        using var sl = ShareableList.Create(Enumerable.Range(0, 10).Cast<object?>());
        try
        {
            using var p = Mp.Process(SetShareableListItem, sl, 3, "abc");
            p.OutputWriter = TextWriter.Null;
            p.Start();
            p.JoinOk();

            sl[3].Should().Be("abc", "the child opened the same list by name");
        }
        finally
        {
            sl.Shm.Unlink();
        }
    }

    [Fact]
    public void test_shared_memory_cleaned_after_process_termination()
    {
        using var p = Mp.Process(CreateSharedMemoryAndHang);
        p.OutputWriter = TextWriter.Null;
        p.Start();
        Children.WaitUntil(() => p.Output.Contains("names ", StringComparison.Ordinal) || !p.IsAlive, "the child to create its blocks");
        string[] names = p.Output.Split('\n').First(l => l.StartsWith("names ", StringComparison.Ordinal)).Split(' ')[1..];
        string tracked = $"/dev/shm/{names[0]}", untracked = $"/dev/shm/{names[1]}";
        try
        {
            File.Exists(tracked).Should().BeTrue();

            p.Kill();
            p.Join(Patience).Should().BeTrue();

            Children.WaitUntil(() => !File.Exists(tracked), "the resource tracker to unlink the block its killed creator never unlinked");
            File.Exists(untracked).Should().BeTrue("a block created with track: false is left for other programs");
        }
        finally
        {
            File.Delete(untracked);
        }
    }

    [Fact]
    public void A_block_Python_created_opens_here_and_a_block_created_here_opens_in_Python()
    {
        Assert.SkipWhen(Harness.Tests.Persistence.PickleFixtures.Python is null, Harness.Tests.Persistence.PickleFixtures.PythonMissing);
        string name = UniqueName();
        using var ours = ShareableList.Create(["from .NET", 7, 2.5, null, true, "é".Encoding()], name);
        try
        {
            string script =
                "from multiprocessing import shared_memory as s, resource_tracker as r\n" +
                $"sl = s.ShareableList(name='{name}')\n" +
                "print(repr(list(sl)))\n" +
                "sl[1] = 8\n" +
                $"m = s.SharedMemory(name='{name}_py', create=True, size=5)\n" +
                "m.buf[:5] = b'hello'\n" +
                "r.unregister(m._name, 'shared_memory')\n" +
                "r.unregister(sl.shm._name, 'shared_memory')\n" +
                "sl.shm.close(); m.close()\n";
            var (code, output) = RunPython(script);
            code.Should().Be(0, output);
            output.Trim().Should().Be("['from .NET', 7, 2.5, None, True, b'\\xc3\\xa9']", "Python reads the list this side laid out");
            ours[1].Should().Be(8, "and its write is seen here");

            using var theirs = SharedMemory.Open(name + "_py");
            try
            {
                theirs.Size.Should().Be(5);
                Encoding.ASCII.GetString(theirs.AsSpan()).Should().Be("hello");
            }
            finally
            {
                theirs.Unlink();
            }
        }
        finally
        {
            ours.Shm.Unlink();
        }
    }

    private static (int Code, string Output) RunPython(string script)
    {
        var psi = new ProcessStartInfo(Harness.Tests.Persistence.PickleFixtures.Python!) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        using var p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit(60_000).Should().BeTrue("python should finish");
        return (p.ExitCode, stdout + stderr);
    }
}

internal static class BytesOf
{
    public static byte[] Encoding(this string s) => System.Text.Encoding.UTF8.GetBytes(s);
}
