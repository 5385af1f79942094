using System.Diagnostics;

namespace Kata.Tests.Support;

/// <summary>A small kata repository in a temp folder: Katas.sln, katas/, solutions/, tests/Katas.Tests/.</summary>
internal sealed class FakeRepo : IDisposable
{
    public FakeRepo(params string[] katas)
    {
        Root = Path.Combine(Path.GetTempPath(), "kata-tool-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Root);
        Write("Katas.sln", "");
        Directory.CreateDirectory(Path.Combine(Root, "katas"));
        foreach (string kata in katas.Length == 0 ? ["01-processes", "02-queues"] : katas)
        {
            AddKata(kata);
        }
    }

    public string Root { get; }

    public void AddKata(string name, int tests = 2)
    {
        string topic = name[3..];
        Write($"katas/{name}/README.md", $"# Kata {name}\n\nLearn {topic} for real.\nSecond line of the lesson.\n\n## 中文\n\n学习\n");
        Write($"katas/{name}/HINTS.md", "# Hints\n\n## Hint 1\nStart small.\n\n## Hint 2\nJoin what you start.\n");
        Write($"katas/{name}/Kata.cs", $"namespace Katas;\npublic static class K{name[..2]}\n{{\n    public static int Answer() => throw new NotImplementedException();\n}}\n");
        Write($"solutions/{name}/Kata.cs", $"namespace Katas;\npublic static class K{name[..2]}\n{{\n    public static int Answer() => 42;\n}}\n");
        string facts = string.Concat(Enumerable.Range(1, tests).Select(i => $"    [Fact]\n    public void Test_{i}() {{ }}\n"));
        Write($"tests/Katas.Tests/{name}/Tests.cs", $"[Trait(\"Kata\", \"{name}\")]\npublic sealed class Tests{name[..2]}\n{{\n{facts}}}\n");
    }

    public string Write(string relative, string content)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    /// <summary>Runs git in the repository (author set, so commits work anywhere).</summary>
    public string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["GIT_AUTHOR_NAME"] = info.Environment["GIT_COMMITTER_NAME"] = "Test";
        info.Environment["GIT_AUTHOR_EMAIL"] = info.Environment["GIT_COMMITTER_EMAIL"] = "test@example.com";
        using var p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit(30_000).Should().BeTrue("git should answer within 30 s");
        p.ExitCode.Should().Be(0, $"git {string.Join(' ', args)} failed: {error}");
        return output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
