using Harness.Persistence;

namespace Harness.Tests.Persistence;

/// <summary>
/// DumpFile replaces a file atomically: a child process killed in the middle of writing leaves
/// the old file whole. The kill point is made certain by a pause the harness offers tests
/// (AtomicFile.AfterPartialWrite), not by sleeping and hoping.
/// </summary>
public sealed class AtomicDumpFileTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("pickle-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_writer_killed_after_half_the_bytes_leaves_the_old_file_whole()
    {
        string path = Path.Combine(_folder, "data.pickle"), marker = Path.Combine(_folder, "paused");
        Pickle.DumpFile(PickleFixtures.Course(), path);
        using MpProcess writer = Mp.Process(AtomicWriterJobs.WriteAndPauseHalfWay, path, marker);
        writer.OutputWriter = TextWriter.Null;

        writer.Start();
        string temp = WaitForFile(marker, writer);
        writer.Kill();
        writer.Join(s_timeout).Should().BeTrue("a killed process ends at once");

        writer.ExitCode.Should().Be(-9, "the writer was killed with SIGKILL while paused inside DumpFile");
        new FileInfo(temp).Length.Should().BeGreaterThan(0).And.BeLessThan(Pickle.Dumps(BigValue("new")).Length,
            "the temporary file holds only the first half: the kill really came mid-write");
        Pickle.SameData(Pickle.LoadFile(path), PickleFixtures.Course()).Should().BeTrue(
            "the new bytes went to a temporary file, so the old file is untouched until the rename");
        Pickle.DumpFile(BigValue("after"), path);
        Pickle.SameData(Pickle.LoadFile(path), BigValue("after")).Should().BeTrue("a later write replaces the file as usual");
    }

    [Fact]
    public void A_writer_killed_at_any_moment_leaves_a_file_that_loads_whole()
    {
        string path = Path.Combine(_folder, "data.pickle"), marker = Path.Combine(_folder, "started");
        using MpProcess writer = Mp.Process(AtomicWriterJobs.RewriteForever, path, marker);
        writer.OutputWriter = TextWriter.Null;

        writer.Start();
        WaitForFile(marker, writer);
        writer.Kill();
        writer.Join(s_timeout).Should().BeTrue("a killed process ends at once");

        object? loaded = Pickle.LoadFile(path);
        (Pickle.SameData(loaded, BigValue("even")) || Pickle.SameData(loaded, BigValue("odd"))).Should().BeTrue(
            "wherever the kill fell, the file is one whole version or the other, never a mix");
    }

    [Fact]
    public void A_value_that_cant_be_pickled_leaves_the_file_and_the_folder_as_they_were()
    {
        string path = Path.Combine(_folder, "data.pickle");
        Pickle.DumpFile(PickleFixtures.Course(), path);

        var dump = () => Pickle.DumpFile(new List<object> { DateTime.Now }, path);

        dump.Should().Throw<PickleException>();
        Pickle.SameData(Pickle.LoadFile(path), PickleFixtures.Course()).Should().BeTrue();
        Directory.GetFiles(_folder).Should().ContainSingle("no temporary file is left behind");
    }

    internal static Dictionary<object, object?> BigValue(string tag) => new()
    {
        ["tag"] = tag,
        ["blob"] = Enumerable.Range(0, 4 << 20).Select(i => (byte)(i * 31 + tag.Length)).ToArray(),
        ["numbers"] = Enumerable.Range(0, 20_000).Select(i => (object?)(i * 7)).ToList(),
    };

    /// <summary>Waits, with a timeout, for the child to create <paramref name="file"/>; returns its text.</summary>
    private static string WaitForFile(string file, MpProcess child)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        while (!File.Exists(file))
        {
            if (!child.IsAlive)
            {
                throw new Xunit.Sdk.XunitException($"The writer exited before reaching the pause: {child.Error?.Message}\n{child.Output}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The writer did not reach the pause within {s_timeout.TotalSeconds} s.");
            }
            Thread.Sleep(5);
        }
        return File.ReadAllText(file);
    }
}

/// <summary>The jobs the writer children of <see cref="AtomicDumpFileTests"/> run.</summary>
public static class AtomicWriterJobs
{
    /// <summary>The child: writes a big new value to <paramref name="path"/>, pausing half-way for ever.</summary>
    public static void WriteAndPauseHalfWay(string path, string marker)
    {
        AtomicFile.AfterPartialWrite = temp =>
        {
            // Tell the parent where we are (written whole, then renamed, so it never reads half
            // a marker), then wait to be killed.
            File.WriteAllText(marker + ".tmp", temp);
            File.Move(marker + ".tmp", marker);
            Thread.Sleep(Timeout.Infinite);
        };
        Pickle.DumpFile(AtomicDumpFileTests.BigValue("new"), path);
    }

    /// <summary>The child: rewrites <paramref name="path"/> in a loop, announcing the first round.</summary>
    public static void RewriteForever(string path, string marker)
    {
        for (int round = 0; ; round++)
        {
            Pickle.DumpFile(AtomicDumpFileTests.BigValue(round % 2 == 0 ? "even" : "odd"), path);
            if (round == 0)
            {
                File.WriteAllText(marker, "started");
            }
        }
    }

}
