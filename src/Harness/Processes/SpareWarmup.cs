using System.Reflection;
using Harness.Pools;
using Harness.Transport;

namespace Harness.Processes;

/// <summary>
/// What a spare child does while it waits to be claimed: it sends a job naming one of the
/// harness's own methods through every step a real job takes (encode, parse, resolve, decode the
/// arguments, invoke, report) and a pool task through a worker's function runner, so that the
/// runtime has compiled those paths before the user's job arrives. It runs no user code and
/// loads no user assembly; it touches nothing outside the process (no console, no shared memory,
/// no files).
/// </summary>
internal static class SpareWarmup
{
    public static void Run()
    {
        try
        {
            JobTarget target = JobTarget.From((Action<int, string>)Probe, "target");
            byte[][] arguments =
            [
                Serializer.SerializeArgument(1, typeof(int), "warm-up"),
                Serializer.SerializeArgument("warm-up", typeof(string), "warm-up"),
            ];
            JobEnvelope job = JobEnvelope.Parse(new JobEnvelope("warm-up", 0, "00", target, arguments).ToBytes());
            MethodInfo method = job.Target.Resolve();
            ParameterInfo[] parameters = method.GetParameters();
            object?[] values = new object?[parameters.Length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = Serializer.DeserializeArgument(parameters[i].ParameterType, job.Arguments[i]);
            }
            method.Invoke(JobTarget.TargetFor(method), BindingFlags.DoNotWrapExceptions, null, values, null);
            _ = new ChildReport(true).Format(job.ControlToken);

            // A pool worker's path: define a function, run a task of two items, frame the result.
            FunctionRunner runner = FunctionRunner.Create(((Func<int, long>)Square).Method, [typeof(int), typeof(long)]);
            var output = new FrameWriter();
            output.Begin(FrameKind.Result);
            runner.Run(ArrayCodec.ToBytes<int>([1, 2]), output.Raw);
            output.End();
            var reader = new FrameReader(output.Written.Span);
            _ = reader.Int();
        }
#pragma warning disable CA1031 // Warming up is only an optimization: whatever fails here, the job still runs as a cold child's would.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static void Probe(int number, string text) => GC.KeepAlive(text.Length + number);

    private static long Square(int x) => (long)x * x;
}
