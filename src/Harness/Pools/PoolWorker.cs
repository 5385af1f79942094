using Harness.Transport;
using System.Diagnostics;
using System.Net.Sockets;
using Harness.Processes;

namespace Harness.Pools;

/// <summary>
/// The worker's side of <see cref="MpPool"/>: a child process that connects back to its pool,
/// then runs tasks in the order they arrive until told to stop, its pool goes away, or it has
/// done its <c>maxTasksPerChild</c>. A task that throws is reported and the worker carries on.
/// </summary>
internal static class PoolWorker
{
    /// <summary>The job of a pool worker process.</summary>
    /// <param name="socketPath">The pool's socket.</param>
    /// <param name="token">The pool's token, proving this worker is its own.</param>
    /// <param name="maxTasks">Tasks to run before retiring; 0 for no limit.</param>
    /// <param name="initializer">The pool's initializer (PoolInitializer's encoding), run before connecting; empty for none.</param>
    public static void Run(string socketPath, string token, int maxTasks, byte[] initializer)
    {
        // Before connecting: a worker whose initializer throws never takes a task, and the pool
        // counts it among the workers that could not start.
        if (initializer.Length > 0)
        {
            PoolInitializer.Run(initializer);
        }
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        using var stream = new NetworkStream(socket, ownsSocket: false);
        var input = new FrameInput(stream);
        var output = new FrameWriter();
        output.Begin(FrameKind.Hello);
        output.String(token);
        output.Int(Environment.ProcessId);
        output.End();
        Flush(stream, output);

        var functions = new Dictionary<int, FunctionRunner>();
        int done = 0;
        while (input.ReadAsync().AsTask().GetAwaiter().GetResult() is { } frame)
        {
            switch (frame.Kind)
            {
                case FrameKind.Define:
                    Define(frame.Payload, functions);
                    break;
                case FrameKind.Task:
                    RunTask(frame.Payload, functions, output);
                    done++;
                    break;
                case FrameKind.Stop:
                    Flush(stream, output);
                    return;
                default:
                    throw new InvalidDataException($"A pool worker got an unknown message ({frame.Kind}).");
            }
            // Results wait while more tasks are already here, so they go back in few writes.
            if (!input.HasBuffered || output.Length > 256 * 1024)
            {
                Flush(stream, output);
            }
            if (maxTasks > 0 && done >= maxTasks)
            {
                Flush(stream, output);
                return; // Python's maxtasksperchild: this worker retires and the pool starts another
            }
        }
    }

    private static void Flush(Stream stream, FrameWriter output)
    {
        if (output.Length > 0)
        {
            stream.Write(output.Written.Span);
            output.Clear();
        }
    }

    private static void Define(ReadOnlyMemory<byte> payload, Dictionary<int, FunctionRunner> functions)
    {
        var r = new FrameReader(payload.Span);
        int id = r.Int();
        JobTarget target = JobTarget.ReadFrom(ref r);
        Type[] delegateTypes = [.. r.Strings().Select(n => Type.GetType(n, throwOnError: true)!)];
        functions[id] = FunctionRunner.Create(target.Resolve(), delegateTypes);
    }

    private static void RunTask(ReadOnlyMemory<byte> payload, Dictionary<int, FunctionRunner> functions, FrameWriter output)
    {
        var r = new FrameReader(payload.Span);
        long id = r.Long();
        int function = r.Int();
        int itemsLength = r.Int();
        ReadOnlyMemory<byte> items = payload.Slice(payload.Length - itemsLength, itemsLength);
        int mark = output.Length;
        long started = Stopwatch.GetTimestamp();
        try
        {
            output.Begin(FrameKind.Result);
            output.Long(id);
            int timeAt = output.ReserveLength();
            int lengthAt = output.ReserveLength();
            functions[function].Run(items, output.Raw);
            output.PatchLength(lengthAt);
            output.PatchInt(timeAt, (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).Ticks / 10));
            output.End();
        }
#pragma warning disable CA1031 // What a task throws goes back to the pool; the worker carries on, as in Python.
        catch (Exception e)
#pragma warning restore CA1031
        {
            output.Truncate(mark);
            output.Begin(FrameKind.Error);
            output.Long(id);
            output.String(e.GetType().FullName ?? e.GetType().Name);
            output.String(e is MessagePack.MessagePackSerializationException
                ? $"A task's result can't be sent back to the pool: {Transport.SendErrors.Reason(e)}."
                : e.Message);
            output.String(e.StackTrace ?? "");
            output.String(e.ToString());
            output.End();
        }
    }
}
