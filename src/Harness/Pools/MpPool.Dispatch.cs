using Harness.Transport;
using System.Buffers;
using System.Net.Sockets;
using Harness.Pools;

namespace Harness;

public sealed partial class MpPool
{
    /// <summary>Starts one worker process. Called under the lock.</summary>
    private void StartWorker()
    {
        var process = Mp.Process(PoolWorker.Run, _socketPath, _token, _maxTasksPerChild ?? 0, _initializer);
        process.Name = $"MpPoolWorker-{_poolNumber}.{++_workerCounter}";
        process.Daemon = true; // as in Python: pool workers never keep their parent alive
        // A worker lives for many tasks: compile each method fully optimized at once, rather than
        // running its first calls (most of a short benchmark) as unoptimized tier-0 code.
        process.ExtraEnvironment["DOTNET_TieredCompilation"] = "0";
        var link = new WorkerLink(process);
        _workers.Add(link);
        process.Start();
        _ = WatchProcessAsync(link);
    }

    /// <summary>Hands queued tasks to connected workers with room, one at a time in turn, so work spreads.</summary>
    private void Dispatch()
    {
        List<WorkerLink> wake = [];
        lock (_lock)
        {
            var ready = _workers.Where(w => w.Stream is not null && !w.Gone && !w.StopSent).ToList();
            bool progress = true;
            while (_queue.Count > 0 && progress)
            {
                progress = false;
                // The least loaded worker first, so that an idle worker is never passed over.
                ready.Sort((a, b) => a.Outstanding.Count.CompareTo(b.Outstanding.Count));
                foreach (WorkerLink w in ready)
                {
                    if (_queue.Count == 0 || w.Outstanding.Count >= w.Window
                        || (_maxTasksPerChild is { } max && w.Sent >= max))
                    {
                        continue;
                    }
                    PoolTask task = _queue.First!.Value;
                    _queue.RemoveFirst();
                    if (w.Defined.Add(task.Function))
                    {
                        w.Pending.Raw.Write(_functionDefinitions[task.Function]);
                    }
                    FrameWriter f = w.Pending;
                    f.Begin(FrameKind.Task);
                    f.Long(task.Id);
                    f.Int(task.Function);
                    f.Bytes(task.Items);
                    f.End();
                    w.Outstanding.Enqueue(task);
                    w.Sent++;
                    progress = true;
                    if (!wake.Contains(w))
                    {
                        wake.Add(w);
                    }
                }
            }
            if (_state == State.Closing && _queue.Count == 0)
            {
                foreach (WorkerLink w in ready.Where(w => w.Outstanding.Count == 0))
                {
                    w.Pending.Begin(FrameKind.Stop);
                    w.Pending.End();
                    w.StopSent = true;
                    wake.Add(w);
                }
            }
        }
        // Writers are woken outside the lock; they take it only to swap buffers.
        foreach (WorkerLink w in wake)
        {
            w.WriteSignal.Release();
        }
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                Socket socket = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
                _ = ConnectAsync(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The pool is stopping.
        }
    }

    /// <summary>Checks a new connection's hello and attaches it to its worker.</summary>
    private async Task ConnectAsync(Socket socket)
    {
        var stream = new NetworkStream(socket, ownsSocket: true);
        var input = new FrameInput(stream);
        WorkerLink? link = null;
        try
        {
            if (await input.ReadAsync(_stopping.Token).ConfigureAwait(false) is { Kind: FrameKind.Hello } hello)
            {
                (string token, int pid) = ReadHello(hello.Payload);
                lock (_lock)
                {
                    // Only our own workers know the token: anything else on the socket is turned away.
                    link = token == _token ? _workers.FirstOrDefault(w => w.Process.Pid == pid && w.Stream is null && !w.Gone) : null;
                    if (link is not null)
                    {
                        link.Stream = stream;
                        _failedStarts = 0;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException or SocketException)
        {
        }
        if (link is null)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            return;
        }
        _ = WriteLoopAsync(link, stream);
        Dispatch();
        await ReadLoopAsync(link, input).ConfigureAwait(false);
    }

    private static (string Token, int Pid) ReadHello(ReadOnlyMemory<byte> payload)
    {
        var r = new FrameReader(payload.Span);
        return (r.String(), r.Int());
    }

    private async Task WriteLoopAsync(WorkerLink link, Stream stream)
    {
        try
        {
            while (true)
            {
                await link.WriteSignal.WaitAsync(_stopping.Token).ConfigureAwait(false);
                FrameWriter sending;
                lock (_lock)
                {
                    if (link.Gone)
                    {
                        return;
                    }
                    (link.Pending, link.Sending) = (link.Sending, link.Pending);
                    sending = link.Sending;
                }
                if (sending.Length > 0)
                {
                    await stream.WriteAsync(sending.Written, _stopping.Token).ConfigureAwait(false);
                    sending.Clear();
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The worker's connection is gone; the read loop sees it too and handles the loss.
        }
    }

    private async Task ReadLoopAsync(WorkerLink link, FrameInput input)
    {
        try
        {
            while (await input.ReadAsync(_stopping.Token).ConfigureAwait(false) is { } frame)
            {
                if (frame.Kind is not (FrameKind.Result or FrameKind.Error))
                {
                    throw new InvalidDataException($"A pool worker sent an unexpected message ({frame.Kind}).");
                }
                var r = new FrameReader(frame.Payload.Span);
                long id = r.Long();
                PoolTask task;
                lock (_lock)
                {
                    if (!link.Outstanding.TryDequeue(out task!) || task.Id != id)
                    {
                        throw new InvalidDataException($"A pool worker answered task {id} out of order.");
                    }
                }
                if (frame.Kind == FrameKind.Result)
                {
                    int micros = r.Int();
                    int length = r.Int();
                    lock (_lock)
                    {
                        link.RecordRunTime(micros);
                    }
                    task.Complete(frame.Payload[^length..]);
                }
                else
                {
                    task.Fail(new RemoteException(r.String(), r.String(), r.String(), r.String(), link.Process.Pid));
                }
                Dispatch();
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException or InvalidDataException)
        {
        }
        await OnWorkerGoneAsync(link).ConfigureAwait(false);
    }

    /// <summary>A worker that exits before it connects (or without its connection noticing) is handled here.</summary>
    private async Task WatchProcessAsync(WorkerLink link)
    {
        await link.Process.JoinAsync().ConfigureAwait(false);
        bool neverConnected;
        lock (_lock)
        {
            neverConnected = link.Stream is null && !link.Gone;
        }
        if (neverConnected)
        {
            await OnWorkerGoneAsync(link).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Fails the task the worker was running (the oldest it was sent), puts back the ones it never
    /// started, and starts a replacement while the pool still has work.
    /// </summary>
    private async Task OnWorkerGoneAsync(WorkerLink link)
    {
        PoolTask? lost;
        bool connected;
        lock (_lock)
        {
            if (link.Gone)
            {
                return;
            }
            link.Gone = true;
            connected = link.Stream is not null;
            link.Outstanding.TryDequeue(out lost);
            foreach (PoolTask t in link.Outstanding.Reverse())
            {
                _queue.AddFirst(t);
            }
            link.Outstanding.Clear();
        }
        link.WriteSignal.Release();
        bool exited = false;
        if (lost is not null)
        {
            // Wait for the exit status, so the error can say how the worker died. Its connection
            // closed because it died, but the status arrives later, on a loaded machine sometimes
            // more than half a second later. Only a worker that closed its connection and lives on
            // takes the whole bound; it is killed below.
            exited = await WaitForExitAsync(link.Process, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            int? code = link.Process.ExitCode;
            lost.Fail(new WorkerLostException(
                $"Pool worker {link.Process.Name} (pid {link.Process.Pid}) died while running this task" +
                (code is { } c ? $" (exit code {c})." : ".") + " The pool replaced it; the other tasks go on.", code, link.Process.Pid));
        }
        // The link stays listed until its process has exited, so Join never returns early. A worker
        // that has had the 5 s above is not given 2 s more.
        if (!exited && (lost is not null || !await WaitForExitAsync(link.Process, TimeSpan.FromSeconds(2)).ConfigureAwait(false)))
        {
            link.Process.Kill(); // connection gone but process hung: it can't take tasks any more
            await WaitForExitAsync(link.Process, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        List<PoolTask> unrunnable = [];
        lock (_lock)
        {
            _workers.Remove(link);
            if (!connected && ++_failedStarts >= MaxFailedStarts && _brokenReason is null)
            {
                _brokenReason = $"The pool's workers exit before they can take tasks ({MaxFailedStarts} in a row). The last one printed: {link.Process.Output}";
                unrunnable.AddRange(_queue);
                _queue.Clear();
            }
            bool moreWork = _queue.Count > 0 || _state == State.Running;
            if (_state != State.Terminated && _brokenReason is null && moreWork)
            {
                StartWorker();
            }
        }
        foreach (PoolTask t in unrunnable)
        {
            t.Fail(new InvalidOperationException(_brokenReason));
        }
        link.Process.Dispose();
        Dispatch();
    }

    private static async Task<bool> WaitForExitAsync(MpProcess process, TimeSpan timeout)
    {
        try
        {
            await process.JoinAsync().WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
