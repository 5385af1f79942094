using Kata.Repo;
using Kata.Running;

namespace Kata.Grading;

/// <summary>Builds once, runs every kata's tests, and counts a point per passing test.</summary>
internal sealed class Grader(ITestRunner runner)
{
    /// <summary>Called after each kata's run (progress output).</summary>
    public Action<KataGrade>? KataGraded { get; init; }

    public async Task<GradeReport> GradeAsync(Workspace workspace, KataSource source, bool githubAnnotations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        IReadOnlyDictionary<string, int> expected = workspace.Catalog.CountTestsInSources();
        BuildResult build = await runner.BuildAsync(source, cancellationToken).ConfigureAwait(false);
        var grades = new List<KataGrade>();
        foreach (KataInfo kata in workspace.Catalog.Katas)
        {
            KataRun run = build.Succeeded
                ? await runner.RunAsync(source, kata.Name, new RunOptions { GitHubAnnotations = githubAnnotations }, cancellationToken).ConfigureAwait(false)
                : new KataRun(kata.Name, [], "the build failed");
            var grade = new KataGrade(kata.Name, run, expected.GetValueOrDefault(kata.Name));
            grades.Add(grade);
            KataGraded?.Invoke(grade);
        }
        IReadOnlyList<string>? edited = TestChecksum.FindEdits(workspace.Root);
        return new GradeReport(workspace.Root, TestHostRunner.SourceName(source), grades, build, edited);
    }
}
