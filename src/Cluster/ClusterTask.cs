using Harness.Pools;

namespace Harness.Cluster;

/// <summary>One unit of work for a worker grain: a chunk of items for one function.</summary>
internal abstract class ClusterTask(ClusterFunction function, byte[] items)
{
    private int _done;

    public long Id { get; set; }

    public ClusterFunction Function { get; } = function;

    /// <summary>The chunk, serialized in the caller's thread so errors surface at the call.</summary>
    public byte[] Items { get; } = items;

    /// <summary>1 for the first run; 2 once a lost silo's idempotent task was sent again.</summary>
    public int Attempt { get; set; } = 1;

    /// <summary>How many times a call of this task was rejected on its way, before reaching its silo.</summary>
    public int Rejections { get; set; }

    /// <summary>What was lost the first time, for the message if the retry is lost too.</summary>
    public string? FirstLoss { get; set; }

    /// <summary>Delivers the serialized results; false if the task had already ended (a late reply).</summary>
    public bool Complete(byte[] results) => Interlocked.Exchange(ref _done, 1) == 0 && Deliver(results);

    /// <summary>Fails the task; false if it had already ended.</summary>
    public bool Fail(Exception error)
    {
        if (Interlocked.Exchange(ref _done, 1) != 0)
        {
            return false;
        }
        OnError(error);
        return true;
    }

    protected abstract bool Deliver(byte[] results);

    protected abstract void OnError(Exception error);
}

/// <summary>A chunk whose results (an array of <typeparamref name="TResult"/>) go to a callback.</summary>
internal sealed class ClusterChunk<TResult>(ClusterFunction function, byte[] items, Action<TResult[]> onResults, Action<Exception> onError)
    : ClusterTask(function, items)
{
    protected override bool Deliver(byte[] results)
    {
        TResult[] values;
        try
        {
            values = RemoteTasks.ReadResults<TResult>(results);
        }
        catch (RemoteException e)
        {
            onError(e);
            return true;
        }
        onResults(values);
        return true;
    }

    protected override void OnError(Exception error) => onError(error);
}

/// <summary>A function as the workers receive it, and whether a lost run may be repeated.</summary>
internal sealed record ClusterFunction(string Name, byte[] Definition, bool Idempotent);
