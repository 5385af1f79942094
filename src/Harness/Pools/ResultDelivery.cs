namespace Harness.Pools;

/// <summary>
/// Delivers a pool's results with Python's callbacks: the callback first, then the result.
/// Callbacks of one pool run one at a time (under one gate), so they may update shared state
/// without a lock; a callback that throws fails the result with its exception.
/// </summary>
internal sealed class ResultDelivery
{
    private readonly Lock _gate = new();

    /// <summary>Delivers a value: its callback first, then the result.</summary>
    public void Succeed<TResult>(AsyncResult<TResult> result, TResult value, Action<TResult>? callback)
    {
        if (callback is not null)
        {
            try
            {
                lock (_gate)
                {
                    callback(value);
                }
            }
#pragma warning disable CA1031 // A callback's exception is the result's failure: the caller sees it at Get.
            catch (Exception e)
#pragma warning restore CA1031
            {
                result.TrySetException(e);
                return;
            }
        }
        result.TrySetResult(value);
    }

    /// <summary>Delivers a failure: its error callback first (once), then the result.</summary>
    public void Fail<TResult>(AsyncResult<TResult> result, Exception error, Action<Exception>? errorCallback)
    {
        if (errorCallback is not null && !result.Ready && result.ClaimFailure())
        {
            try
            {
                lock (_gate)
                {
                    errorCallback(error);
                }
            }
#pragma warning disable CA1031 // As for callbacks.
            catch (Exception e)
#pragma warning restore CA1031
            {
                error = e;
            }
        }
        result.TrySetException(error);
    }
}
