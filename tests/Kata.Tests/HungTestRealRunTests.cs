using System.Text.Json;
using Kata.Infrastructure;
using Kata.Repo;
using Kata.Running;
using Kata.Tests.Support;
using Spectre.Console.Testing;

namespace Kata.Tests;

/// <summary>
/// A real test that hangs, in a real xUnit.net test assembly built and run by the real runner: the
/// grade stops it at its bound, scores it 0, and keeps every other test's result. Category=Real: it
/// builds a small test project (about half a minute).
/// </summary>
[Trait("Category", "Real")]
public sealed class HungTestRealRunTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(10);

    private readonly FakeRepo _repo = new("01-hang");

    public HungTestRealRunTests()
    {
        // The kata tests' build layout (bin/<source>, obj/<source>), as tests/Katas.Tests has it.
        _repo.Write("tests/Katas.Tests/Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <KataSource Condition="'$(KataSource)' == ''">katas</KataSource>
                <BaseIntermediateOutputPath>obj/$(KataSource)/</BaseIntermediateOutputPath>
                <BaseOutputPath>bin/$(KataSource)/</BaseOutputPath>
              </PropertyGroup>
            </Project>
            """);
        _repo.Write("tests/Katas.Tests/Katas.Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="xunit.v3.mtp-off" Version="4.0.2" />
              </ItemGroup>
            </Project>
            """);
        _repo.Write("tests/Katas.Tests/01-hang/Tests.cs", """
            using Xunit;

            namespace Katas.Tests.Hang;

            [Trait("Kata", "01-hang")]
            public sealed class HangTests
            {
                [Fact]
                public void Passes() { }

                [Fact]
                public void Fails() => Assert.Fail("The consumer got 3 items; the producer put 4.");

                [Fact]
                public void Waits_for_ever() => Thread.Sleep(Timeout.Infinite);

                [Fact]
                public void Also_passes() { }
            }
            """);
        // A bound well above what an empty test takes on a loaded machine, so that only the hung one reaches it.
        _repo.Write("grading.json", """{ "testTimeoutSeconds": 30, "points": { "01-hang": { "Also_passes": 3 } } }""");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task A_hung_test_costs_only_its_points_and_every_other_result_is_kept()
    {
        var console = new TestConsole().Width(250);
        var processes = new ProcessRunner();
        var context = new ToolContext
        {
            Console = console,
            Locator = new RepositoryLocator(_repo.Root),
            CreateRunner = r => new TestHostRunner(processes, r) { BuildTimeout = s_timeout, RunTimeout = s_timeout },
            Git = new Git(processes),
            RawOut = TextWriter.Null,
            GetEnvironmentVariable = _ => null,
        };
        string results = Path.Combine(_repo.Root, "results.json");
        using var cancel = new CancellationTokenSource(s_timeout);

        int exit = await KataApp.RunAsync(context, ["grade", "--format", "gradescope", "--gradescope-file", results], cancel.Token);

        exit.Should().Be(1, console.Output);
        using var doc = JsonDocument.Parse(File.ReadAllText(results));
        var tests = doc.RootElement.GetProperty("tests").EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => (Score: t.GetProperty("score").GetDouble(), Status: t.GetProperty("status").GetString(), Output: t.TryGetProperty("output", out JsonElement o) ? o.GetString() : null));
        tests.Keys.Should().BeEquivalentTo(["01-hang: Passes", "01-hang: Fails", "01-hang: Waits for ever", "01-hang: Also passes"], console.Output);
        tests["01-hang: Waits for ever"].Should().Be((0d, "failed", "This test was still running after 30 s, so it was stopped and scores 0: a Get, Join or Acquire waiting for ever? Run 'kata check 01-hang' to see where."));
        tests["01-hang: Fails"].Should().Be((0d, "failed", "The consumer got 3 items; the producer put 4."));
        tests["01-hang: Passes"].Score.Should().Be(1);
        tests["01-hang: Also passes"].Score.Should().Be(3, "its weight from grading.json");
        doc.RootElement.GetProperty("score").GetDouble().Should().Be(4);
    }
}
