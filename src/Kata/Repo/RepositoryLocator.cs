using Kata.Infrastructure;

namespace Kata.Repo;

/// <summary>Finds the kata repository's root folder.</summary>
internal interface IRepositoryLocator
{
    /// <summary>The folder holding Katas.sln; throws <see cref="KataToolException"/> when there is none.</summary>
    string FindRoot();
}

/// <summary>Walks up from a starting folder to the first one that holds Katas.sln.</summary>
internal sealed class RepositoryLocator(string startDirectory) : IRepositoryLocator
{
    /// <summary>The file that marks the repository root.</summary>
    public const string Marker = "Katas.sln";

    public string FindRoot()
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }
        throw new KataToolException(
            $"This is not inside the kata repository: no {Marker} in '{startDirectory}' or any folder above it. " +
            "cd into your clone of the repository (the folder with Katas.sln) and run the command again.");
    }
}
