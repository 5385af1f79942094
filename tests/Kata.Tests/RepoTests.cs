using Kata.Infrastructure;
using Kata.Repo;
using Kata.Tests.Support;

namespace Kata.Tests;

public sealed class RepoTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void The_root_is_found_from_a_folder_deep_inside_the_repository()
    {
        string deep = Path.Combine(_repo.Root, "katas", "01-processes", "sub");
        Directory.CreateDirectory(deep);

        new RepositoryLocator(deep).FindRoot().Should().Be(_repo.Root, "the locator walks up to the folder holding Katas.sln");
    }

    [Fact]
    public void Outside_the_repository_the_error_says_what_was_looked_for()
    {
        string outside = Path.Combine(Path.GetTempPath(), "not-a-kata-repo-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(outside);
        try
        {
            Action find = () => new RepositoryLocator(outside).FindRoot();

            find.Should().Throw<KataToolException>().WithMessage("*not inside the kata repository*Katas.sln*");
        }
        finally
        {
            Directory.Delete(outside);
        }
    }

    [Fact]
    public void Katas_are_discovered_from_their_folders_in_number_order()
    {
        _repo.AddKata("10-later");
        _repo.AddKata("03-efficiency");
        Directory.CreateDirectory(Path.Combine(_repo.Root, "katas", "obj"));
        Directory.CreateDirectory(Path.Combine(_repo.Root, "katas", "notes"));

        KataCatalog.Load(_repo.Root).Katas.Select(k => k.Name).Should()
            .Equal(["01-processes", "02-queues", "03-efficiency", "10-later"], "only NN-topic folders are katas, in number order");
    }

    [Theory]
    [InlineData("02-queues")]
    [InlineData("2")]
    [InlineData("02")]
    [InlineData("queues")]
    [InlineData("katas/02-queues/")]
    public void A_kata_is_found_by_folder_number_or_topic(string name)
    {
        KataCatalog.Load(_repo.Root).Resolve(name).Name.Should().Be("02-queues");
    }

    [Fact]
    public void A_wrong_kata_name_suggests_the_closest_one()
    {
        Action resolve = () => KataCatalog.Load(_repo.Root).Resolve("queus");

        resolve.Should().Throw<KataToolException>().WithMessage("*no kata 'queus'*Did you mean '02-queues'*01-processes, 02-queues*");
    }

    [Fact]
    public void Tests_are_counted_in_the_sources_per_kata()
    {
        _repo.Write("tests/Katas.Tests/02-queues/More.cs",
            "[Trait(\"Kata\", \"02-queues\")]\npublic class More\n{\n    [Property(MaxTest = 5)]\n    public void P(int n) { }\n\n" +
            "    [Theory]\n    [InlineData(1)]\n    [InlineData(2)]\n    [InlineData(3)]\n    public void T(int n) { }\n}\n");
        _repo.Write("tests/Katas.Tests/Shared/Helpers.cs", "public static class Helpers { }\n");

        var counts = KataCatalog.Load(_repo.Root).CountTestsInSources();

        counts.Should().BeEquivalentTo(new Dictionary<string, int> { ["01-processes"] = 2, ["02-queues"] = 2 + 1 + 3 },
            "a Fact or Property is one test, a Theory one per InlineData row, and files without a Kata trait are helpers");
    }

    [Fact]
    public void Hints_are_the_sections_of_HINTS_md_in_order()
    {
        var hints = Hint.Parse("# Hints\nintro\n## Hint 1\nfirst\n\n## Hint 2\nsecond\nmore\n");

        hints.Should().Equal([new Hint("Hint 1", "first"), new Hint("Hint 2", "second\nmore")]);
    }

    [Fact]
    public void The_checksum_of_untouched_tests_matches()
    {
        _repo.Write(TestChecksum.FileName, TestChecksum.Compute(_repo.Root));

        TestChecksum.FindEdits(_repo.Root).Should().BeEmpty();
    }

    [Fact]
    public void Edited_added_and_deleted_test_files_are_named()
    {
        _repo.Write(TestChecksum.FileName, TestChecksum.Compute(_repo.Root));
        _repo.Write("tests/Katas.Tests/01-processes/Tests.cs", "// all tests removed\n");
        _repo.Write("tests/Katas.Tests/Extra.cs", "// new\n");
        File.Delete(Path.Combine(_repo.Root, "tests/Katas.Tests/02-queues/Tests.cs"));
        _repo.Write("tests/Katas.Tests/bin/katas/Debug/out.dll", "build output does not count");

        TestChecksum.FindEdits(_repo.Root).Should().Equal(
            "tests/Katas.Tests/01-processes/Tests.cs (changed)",
            "tests/Katas.Tests/02-queues/Tests.cs (deleted)",
            "tests/Katas.Tests/Extra.cs (added)");
    }

    [Fact]
    public void Windows_line_endings_are_not_an_edit()
    {
        _repo.Write(TestChecksum.FileName, TestChecksum.Compute(_repo.Root));
        string path = "tests/Katas.Tests/01-processes/Tests.cs";
        _repo.Write(path, _repo.Read(path).ReplaceLineEndings("\r\n"));

        TestChecksum.FindEdits(_repo.Root).Should().BeEmpty("a checkout with autocrlf changes line endings, not tests");
    }

    [Fact]
    public void Without_a_checksum_file_edits_cannot_be_told()
    {
        TestChecksum.FindEdits(_repo.Root).Should().BeNull();
    }
}
