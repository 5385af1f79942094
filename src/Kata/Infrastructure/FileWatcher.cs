namespace Kata.Infrastructure;

/// <summary>Tells about changed source files. A seam: tests fire changes by hand.</summary>
internal interface IFileWatcher
{
    /// <summary>Calls <paramref name="changed"/> (from any thread) whenever a *.cs file under <paramref name="directory"/> changes.</summary>
    IDisposable Watch(string directory, Action<string> changed);
}

/// <summary>FileSystemWatcher over a folder tree; editors that save by rename are covered by Renamed.</summary>
internal sealed class FileSystemFileWatcher : IFileWatcher
{
    public IDisposable Watch(string directory, Action<string> changed)
    {
        var watcher = new FileSystemWatcher(directory, "*.cs")
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
        };
        watcher.Changed += (_, e) => changed(e.FullPath);
        watcher.Created += (_, e) => changed(e.FullPath);
        watcher.Deleted += (_, e) => changed(e.FullPath);
        watcher.Renamed += (_, e) => changed(e.FullPath);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
