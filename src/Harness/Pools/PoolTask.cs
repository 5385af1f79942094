using MessagePack;
using Harness.Transport;

namespace Harness.Pools;

/// <summary>One unit of work sent to a worker: a chunk of items for one function.</summary>
internal abstract class PoolTask(int function, byte[] items)
{
    public long Id { get; set; }

    public int Function { get; } = function;

    /// <summary>The chunk, serialized in the caller's thread so errors surface at the call.</summary>
    public byte[] Items { get; } = items;

    /// <summary>Delivers the worker's serialized results.</summary>
    public abstract void Complete(ReadOnlyMemory<byte> results);

    public abstract void Fail(Exception error);
}

/// <summary>A chunk whose results (an array of <typeparamref name="TResult"/>) go to a callback.</summary>
internal sealed class ChunkTask<TResult>(int function, byte[] items, Action<TResult[]> onResults, Action<Exception> onError)
    : PoolTask(function, items)
{
    public override void Complete(ReadOnlyMemory<byte> results)
    {
        TResult[] values;
        try
        {
            values = ArrayCodec.Read<TResult>(results);
        }
        catch (MessagePackSerializationException e)
        {
            onError(new RemoteException(e.GetType().FullName!, $"A task's result could not be read back: {e.Message}", "", e.ToString(), null));
            return;
        }
        onResults(values);
    }

    public override void Fail(Exception error) => onError(error);
}
