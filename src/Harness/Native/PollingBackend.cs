using System.Diagnostics;

namespace Harness.Native;

/// <summary>
/// The portable back-end: no kernel help, the sleeper looks at the word again after a short,
/// growing pause (spin, yield, then sleeps of 1 ms up to <see cref="MaxPauseMs"/>), as CPython
/// does on macOS where <c>sem_timedwait</c> is missing. Nothing can be lost, since the word is
/// read again each time; a wake-up just takes up to one pause to be seen.
/// </summary>
internal sealed unsafe class PollingBackend : WaitBackend
{
    /// <summary>The longest pause between two looks: the worst delay a wake-up sees.</summary>
    public const int MaxPauseMs = 4;

    public override string Name => "portable";

    public override void Wait(WaitWord word, int expected, int millisecondsTimeout)
    {
        long start = Stopwatch.GetTimestamp();
        for (int round = 0; word.Read() == expected; round++)
        {
            int pause = round < 10 ? -1 : round < 20 ? 0 : Math.Min(MaxPauseMs, 1 + ((round - 20) / 8));
            if (millisecondsTimeout >= 0)
            {
                int left = millisecondsTimeout - (int)Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (left <= 0)
                {
                    return;
                }
                pause = Math.Min(pause, left);
            }
            if (pause < 0)
            {
                Thread.SpinWait(50);
            }
            else
            {
                Thread.Sleep(pause);
            }
        }
    }

    // Sleepers look for themselves: there is nobody to wake.
    public override void Wake(WaitWord word, int count)
    {
    }
}
