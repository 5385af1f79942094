namespace Katas.Tests;

/// <summary>Runs a learner's call off the test's thread, so a deadlock in it fails the test instead of hanging it.</summary>
internal static class LearnerCall
{
    /// <summary>Starts the call on a pool thread, counting the child processes it starts there.</summary>
    public static Task<(T Result, int Started)> Start<T>(Func<T> call) => Task.Run(() =>
    {
        int before = MpProcess.StartedOnThisThread;
        T result = call();
        return (result, MpProcess.StartedOnThisThread - before);
    });

    /// <summary>Runs the call with a deadline; past it, fails with what the call is and its likely cause.</summary>
    /// <returns>The call's result, and how many processes it started.</returns>
    public static (T Result, int Started) Finish<T>(Func<T> call, string what, TimeSpan deadline, string likelyCause)
    {
        var task = Start(call);
        if (!task.Wait(deadline))
        {
            throw new TimeoutException($"{what} did not finish within {deadline.TotalSeconds:F0} s. {likelyCause}");
        }
        return task.GetAwaiter().GetResult();
    }
}
