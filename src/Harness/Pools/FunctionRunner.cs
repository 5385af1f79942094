using System.Buffers;
using System.Reflection;
using MessagePack;
using Harness.Transport;

namespace Harness.Pools;

/// <summary>
/// A pool function, resolved once per worker and called through a typed delegate: a chunk of
/// items is deserialized as one array, the function runs on each, and the results go back as
/// one array. No per-item reflection or boxing, so a chunk of small tasks costs little more
/// than the function itself.
/// </summary>
internal abstract class FunctionRunner
{
    /// <summary>Runs the function on every item of a serialized chunk, writing the serialized results.</summary>
    public abstract void Run(ReadOnlyMemory<byte> items, IBufferWriter<byte> results);

    /// <summary>Builds the runner for a method, given the delegate's type arguments as the parent used them.</summary>
    public static FunctionRunner Create(MethodInfo method, Type[] delegateTypes)
    {
        object? target = Processes.JobTarget.TargetFor(method);
        Type runner = delegateTypes.Length switch
        {
            1 => typeof(Runner0<>).MakeGenericType(delegateTypes),
            2 => typeof(Runner1<,>).MakeGenericType(delegateTypes),
            3 => typeof(Runner2<,,>).MakeGenericType(delegateTypes),
            _ => throw new InvalidOperationException($"A pool function takes at most two arguments; {method.Name} has {delegateTypes.Length - 1}."),
        };
        Type funcType = delegateTypes.Length switch
        {
            1 => typeof(Func<>).MakeGenericType(delegateTypes),
            2 => typeof(Func<,>).MakeGenericType(delegateTypes),
            _ => typeof(Func<,,>).MakeGenericType(delegateTypes),
        };
        Delegate func = method.CreateDelegate(funcType, target);
        return (FunctionRunner)Activator.CreateInstance(runner, func)!;
    }

    private static MessagePackSerializerOptions Options => Serializer.Options;

    private sealed class Runner0<TResult>(Func<TResult> func) : FunctionRunner
    {
        public override void Run(ReadOnlyMemory<byte> items, IBufferWriter<byte> results)
        {
            int count = MessagePackSerializer.Deserialize<int>(items, Options);
            var output = new TResult[count];
            for (int i = 0; i < output.Length; i++)
            {
                output[i] = func();
            }
            ArrayCodec.Write(results, output);
        }
    }

    private sealed class Runner1<T, TResult>(Func<T, TResult> func) : FunctionRunner
    {
        public override void Run(ReadOnlyMemory<byte> items, IBufferWriter<byte> results)
        {
            T[] input = ArrayCodec.Read<T>(items);
            var output = new TResult[input.Length];
            for (int i = 0; i < input.Length; i++)
            {
                output[i] = func(input[i]);
            }
            ArrayCodec.Write(results, output);
        }
    }

    private sealed class Runner2<T1, T2, TResult>(Func<T1, T2, TResult> func) : FunctionRunner
    {
        public override void Run(ReadOnlyMemory<byte> items, IBufferWriter<byte> results)
        {
            (T1, T2)[] input = ArrayCodec.Read<(T1, T2)>(items);
            var output = new TResult[input.Length];
            for (int i = 0; i < input.Length; i++)
            {
                output[i] = func(input[i].Item1, input[i].Item2);
            }
            ArrayCodec.Write(results, output);
        }
    }
}
