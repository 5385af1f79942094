namespace Harness.Native;

// UNTESTED: written for Windows and never run (the harness is built and tested on Linux).
// Windows has named kernel semaphores that .NET exposes directly; the cell's bytes go unused.
internal sealed unsafe partial class SemaphoreCell
{
    private readonly string _name;
    private Semaphore? _semaphore;

    private string KernelName => @"Local\" + _name;

    private void CreateWindows(int initial)
    {
        if (OperatingSystem.IsWindows())
        {
            _semaphore = new Semaphore(initial, int.MaxValue, KernelName);
        }
    }

    private void OpenWindows()
    {
        if (OperatingSystem.IsWindows())
        {
            _semaphore = Semaphore.OpenExisting(KernelName);
        }
    }

    private bool WaitWindows(int millisecondsTimeout) => _semaphore!.WaitOne(millisecondsTimeout);

    private void PostWindows() => _semaphore!.Release();
}
