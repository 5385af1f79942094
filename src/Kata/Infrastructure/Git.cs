namespace Kata.Infrastructure;

/// <summary>The few git operations the tool needs (reset). A seam for tests.</summary>
internal interface IGit
{
    /// <summary>
    /// The commit holding the course's version of a kata: the last commit that changed the kata's
    /// tests or solution (a learner changes neither), else the first commit that has the kata.
    /// Null when git knows no commit with it.
    /// </summary>
    Task<string?> FindStubCommitAsync(string root, string kataPath, IReadOnlyList<string> coursePaths, CancellationToken cancellationToken);

    /// <summary>Files under <paramref name="path"/> that differ between the working tree and <paramref name="commit"/>.</summary>
    Task<IReadOnlyList<string>> ChangedFilesAsync(string root, string commit, string path, CancellationToken cancellationToken);

    /// <summary>
    /// Puts the files of <paramref name="path"/> back as they are in <paramref name="commit"/>; the index
    /// is left alone and files the commit does not have are kept (overlay mode).
    /// </summary>
    Task RestoreAsync(string root, string commit, string path, CancellationToken cancellationToken);
}

/// <summary>Runs the git command line.</summary>
internal sealed class Git(IProcessRunner processes) : IGit
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(1);

    public async Task<string?> FindStubCommitAsync(string root, string kataPath, IReadOnlyList<string> coursePaths, CancellationToken cancellationToken)
    {
        string course = (await RunAsync(root, ["log", "-1", "--format=%H", "--", .. coursePaths], cancellationToken).ConfigureAwait(false)).Trim();
        if (course.Length > 0)
        {
            return course;
        }
        string first = (await RunAsync(root, ["log", "--reverse", "--format=%H", "--", kataPath], cancellationToken).ConfigureAwait(false))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return first.Length > 0 ? first.Trim() : null;
    }

    public async Task<IReadOnlyList<string>> ChangedFilesAsync(string root, string commit, string path, CancellationToken cancellationToken)
    {
        string output = await RunAsync(root, ["diff", "--name-only", commit, "--", path], cancellationToken).ConfigureAwait(false);
        string untracked = await RunAsync(root, ["ls-files", "--others", "--exclude-standard", "--", path], cancellationToken).ConfigureAwait(false);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Concat(untracked.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(f => f + " (new, kept)"))
            .Select(f => f.Trim())
            .ToList();
    }

    public async Task RestoreAsync(string root, string commit, string path, CancellationToken cancellationToken) =>
        await RunAsync(root, ["restore", $"--source={commit}", "--worktree", "--overlay", "--", path], cancellationToken).ConfigureAwait(false);

    private async Task<string> RunAsync(string root, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        CommandResult result = await processes.RunAsync("git", args, root, s_timeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            string error = result.StandardError.Trim();
            throw new KataToolException(
                error.Contains("not a git repository", StringComparison.OrdinalIgnoreCase)
                    ? $"'{root}' is not a git repository, so there is no original stub to restore. Clone the repository with git to use reset."
                    : $"git {string.Join(' ', args)} failed: {error}");
        }
        return result.StandardOutput;
    }
}
