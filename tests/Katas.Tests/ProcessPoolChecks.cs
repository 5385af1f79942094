namespace Katas.Tests;

/// <summary>Runs a learner's call, turning the harness's pool errors into messages about the learner's code.</summary>
internal static class ProcessPoolChecks
{
    public static T Run<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (RemoteException e) when (e.RemoteType == typeof(NotImplementedException).FullName)
        {
            throw new InvalidOperationException(
                $"A pool worker ran a method that is still a stub: {e.Message} Finish the job methods (Job, WhoAmI, Risky) too; the pool calls them in its workers.", e);
        }
    }
}
