using Harness.Cluster.Workers;
using Harness.Pools;

namespace Harness.Cluster;

public sealed partial class ClusterPool
{
    /// <summary>How often the pool asks the cluster whether the silos running its tasks are alive.</summary>
    private static readonly TimeSpan MonitorPeriod = TimeSpan.FromMilliseconds(500);

    /// <summary>The cluster not answering that many questions in a row counts as every busy silo lost.</summary>
    private const int MaxUnansweredChecks = 6;

    /// <summary>How often a task's call may be rejected on its way before its silo counts as lost.</summary>
    private const int MaxRejections = 5;

    /// <summary>Hands queued tasks to the least loaded live workers, and sends them outside the lock.</summary>
    private void Dispatch()
    {
        List<(ClusterWorker, ClusterTask)> sends = [];
        List<ClusterTask> stranded = [];
        lock (_lock)
        {
            while (_queue.Count > 0)
            {
                ClusterWorker? worker = null;
                foreach (ClusterWorker w in _workers)
                {
                    if (!w.Lost && w.Outstanding.Count < Window && (worker is null || w.Outstanding.Count < worker.Outstanding.Count))
                    {
                        worker = w;
                    }
                }
                if (worker is null)
                {
                    break;
                }
                ClusterTask task = _queue.First!.Value;
                _queue.RemoveFirst();
                worker.Outstanding.Add(task);
                sends.Add((worker, task));
            }
            if (_queue.Count > 0 && _workers.All(w => w.Lost))
            {
                // No silo left to run them: fail them rather than wait for a silo that won't come.
                stranded.AddRange(_queue);
                _queue.Clear();
            }
            CheckIdle();
        }
        foreach (ClusterTask t in stranded)
        {
            t.Fail(new WorkerLostException($"Every silo of the pool was lost before this task of {t.Function.Name} could run."));
        }
        foreach ((ClusterWorker w, ClusterTask t) in sends)
        {
            _ = SendAsync(w, t);
        }
    }

    private async Task SendAsync(ClusterWorker worker, ClusterTask task)
    {
        ChunkReply? reply = null;
        Exception? failure = null;
        try
        {
            reply = await worker.Grain.Run(new ChunkRequest(_id, task.Id, task.Function.Definition, task.Items)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever stops the call (the silo died, the connection broke) loses the task; it is reported as such.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }
        lock (_lock)
        {
            if (!worker.Outstanding.Remove(task))
            {
                return; // already handled: the silo was declared lost, or the pool terminated
            }
            if (reply is not null)
            {
                _completedBySilo[reply.Silo] = _completedBySilo.GetValueOrDefault(reply.Silo) + 1;
            }
        }
        if (failure is not null)
        {
            if (failure is OrleansMessageRejectionException && task.Rejections < MaxRejections && await IsActiveAsync(worker.Silo.Silo).ConfigureAwait(false))
            {
                // Rejected on its way, not by the task's silo, which the cluster still lists as
                // active: a call travels through a gateway silo, and one that is stopping rejects
                // what passes through it. The task never reached its silo: send it again.
                task.Rejections++;
                bool terminated;
                lock (_lock)
                {
                    terminated = _state == State.Terminated;
                    if (!terminated)
                    {
                        _queue.AddFirst(task);
                    }
                }
                if (terminated)
                {
                    task.Fail(new OperationCanceledException("The pool was terminated before this task finished."));
                }
                Dispatch();
                return;
            }
            // The call itself failed, not the function: the silo can't take this pool's calls.
            OnSiloLost(worker.Silo.Silo, $"the call to it failed: {failure.GetType().Name}: {failure.Message}", task);
            return;
        }
        if (reply!.Results is { } results)
        {
            task.Complete(results);
        }
        else
        {
            task.Fail(RemoteTasks.ToRemoteException(reply.ErrorType!, reply.ErrorMessage!, reply.ErrorStackTrace!, reply.ErrorDetails!, reply.Pid));
        }
        Dispatch();
    }

    /// <summary>Whether the cluster lists <paramref name="silo"/> as active; false if it can't say within the call timeout.</summary>
    private async Task<bool> IsActiveAsync(string silo)
    {
        try
        {
            Dictionary<SiloAddress, SiloStatus> hosts = await _client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)
                .WaitAsync(CallTimeout, _stopped).ConfigureAwait(false);
            return hosts.Keys.Any(h => h.ToParsableString() == silo);
        }
#pragma warning disable CA1031 // A cluster that can't answer is no evidence that the silo lives.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    /// <summary>
    /// Watches the silos that run this pool's tasks, so that a silo that dies fails (or reruns)
    /// its tasks instead of leaving them waiting: Orleans itself would only give up on such a
    /// call at the client's response timeout, which long tasks need to be long.
    /// </summary>
    private async Task MonitorAsync()
    {
        IManagementGrain management = _client.GetGrain<IManagementGrain>(0);
        int unanswered = 0;
        while (true)
        {
            try
            {
                await Task.Delay(MonitorPeriod, _stopped).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            string[] busy;
            lock (_lock)
            {
                busy = [.. _workers.Where(w => !w.Lost && w.Outstanding.Count > 0).Select(w => w.Silo.Silo).Distinct()];
            }
            if (busy.Length == 0)
            {
                unanswered = 0;
                continue;
            }
            Dictionary<string, SiloStatus> statuses;
            try
            {
                Dictionary<SiloAddress, SiloStatus> hosts = await management.GetHosts(onlyActive: false)
                    .WaitAsync(CallTimeout, _stopped).ConfigureAwait(false);
                statuses = hosts.ToDictionary(h => h.Key.ToParsableString(), h => h.Value);
                unanswered = 0;
            }
            catch (OperationCanceledException) when (_stopped.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A question the cluster can't answer now is asked again; many in a row count below.
            catch (Exception)
#pragma warning restore CA1031
            {
                if (++unanswered >= MaxUnansweredChecks)
                {
                    foreach (string silo in busy)
                    {
                        OnSiloLost(silo, $"the cluster did not answer for {(MonitorPeriod + CallTimeout) * MaxUnansweredChecks:g}");
                    }
                }
                continue;
            }
            foreach (string silo in busy)
            {
                SiloStatus status = statuses.GetValueOrDefault(silo, SiloStatus.None);
                if (status is not (SiloStatus.Active or SiloStatus.Joining or SiloStatus.Created))
                {
                    OnSiloLost(silo, status == SiloStatus.None ? "the cluster no longer lists it" : $"the cluster declared it {status}");
                }
            }
        }
    }

    /// <summary>
    /// A silo is lost: its workers take no more tasks; the task each was running fails with
    /// <see cref="WorkerLostException"/> (or runs again elsewhere, once, if its method is
    /// idempotent); the tasks queued behind it never started and go back to the queue.
    /// </summary>
    private void OnSiloLost(string silo, string reason, ClusterTask? failedCall = null)
    {
        List<(ClusterTask Task, SiloFacts Silo)> lost = [];
        List<(ClusterTask Task, SiloFacts Silo)> failed = [];
        lock (_lock)
        {
            var requeue = new List<ClusterTask>();
            foreach (ClusterWorker w in _workers.Where(w => w.Silo.Silo == silo && !w.Lost))
            {
                w.Lost = true;
                if (w.Outstanding.Count > 0)
                {
                    lost.Add((w.Outstanding[0], w.Silo));
                    requeue.AddRange(w.Outstanding.Skip(1));
                }
                w.Outstanding.Clear();
            }
            if (failedCall is not null)
            {
                lost.Add((failedCall, _workers.First(w => w.Silo.Silo == silo).Silo));
            }
            foreach (ClusterTask t in Enumerable.Reverse(requeue))
            {
                _queue.AddFirst(t);
            }
            foreach ((ClusterTask t, SiloFacts facts) in lost)
            {
                if (t.Function.Idempotent && t.Attempt == 1)
                {
                    // Safe to run twice: run it again, first in line, on a silo still alive.
                    t.Attempt = 2;
                    t.FirstLoss = $"silo {facts.Address} (pid {facts.Pid}) was lost first ({reason})";
                    _queue.AddFirst(t);
                }
                else
                {
                    failed.Add((t, facts));
                }
            }
        }
        foreach ((ClusterTask t, SiloFacts facts) in failed)
        {
            string again = t.FirstLoss is { } first ? $" It was already its second run: {first}." : "";
            string retry = t.Function.Idempotent ? "" : $" Mark {t.Function.Name} [Idempotent] to have such a task run again on another silo.";
            t.Fail(new WorkerLostException(
                $"Silo {facts.Address} (pid {facts.Pid} on {facts.Machine}) was lost while running this task of {t.Function.Name}: {reason}.{again}" +
                $" The pool goes on with the silos left.{retry}", null, facts.Pid));
        }
        Dispatch();
    }
}
