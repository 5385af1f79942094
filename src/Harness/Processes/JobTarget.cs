using System.Reflection;
using System.Runtime.CompilerServices;

namespace Harness.Processes;

/// <summary>
/// Names a method so that another process can find it: its assembly, its module's version id
/// and its metadata token. A child resolves the same method without searching by name, which
/// is exact for overloads and compiler-generated lambdas alike.
/// </summary>
internal sealed record JobTarget(string AssemblyName, string AssemblyLocation, Guid ModuleVersionId, int MetadataToken,
    string[] TypeArguments, string[] MethodArguments)
{
    /// <summary>Checks a delegate can run in another process and names it.</summary>
    /// <param name="target">The method to name.</param>
    /// <param name="paramName">The caller's parameter, for the exception.</param>
    /// <param name="passArguments">A call that shows how to pass what a lambda captured, for the message.</param>
    /// <exception cref="ArgumentException">The delegate captures state, is an instance method, or is dynamic.</exception>
    public static JobTarget From(Delegate target, string paramName, string passArguments = "Mp.Process(Job, x)")
    {
        ArgumentNullException.ThrowIfNull(target, paramName);
        if (target.GetInvocationList().Length != 1)
        {
            throw new ArgumentException("The target combines several methods (a multicast delegate); pass one method.", paramName);
        }
        MethodInfo method = target.Method;
        if (target.Target is { } instance && !IsStatelessClosure(instance.GetType()))
        {
            throw new ArgumentException(DescribeCapture(instance, method, passArguments), paramName);
        }
        Assembly assembly = method.Module.Assembly;
        if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location))
        {
            throw new ArgumentException(
                $"The target {method.Name} was generated at run time (a dynamic method); a child process can only run a method compiled into an assembly file.", paramName);
        }
        Type declaring = method.DeclaringType!;
        return new JobTarget(
            assembly.FullName!,
            assembly.Location,
            method.Module.ModuleVersionId,
            method.MetadataToken,
            declaring.IsGenericType ? [.. declaring.GetGenericArguments().Select(NameOf)] : [],
            method.IsGenericMethod ? [.. method.GetGenericArguments().Select(NameOf)] : []);
    }

    /// <summary>A readable name for messages: Type.Method.</summary>
    public static string Describe(Delegate target) => $"{target.Method.DeclaringType?.Name}.{target.Method.Name}";

    private static string NameOf(Type t) => t.AssemblyQualifiedName
        ?? throw new ArgumentException($"The type {t} has no assembly-qualified name, so a child process can't find it.");

    /// <summary>
    /// A lambda that captures nothing compiles to an instance method on the singleton "&lt;&gt;c"
    /// class, which has no fields to lose; the child uses its own singleton.
    /// </summary>
    internal static bool IsStatelessClosure(Type type) =>
        type.IsDefined(typeof(CompilerGeneratedAttribute), false)
        && type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Length == 0;

    private static string DescribeCapture(object instance, MethodInfo method, string passArguments)
    {
        Type type = instance.GetType();
        if (type.IsDefined(typeof(CompilerGeneratedAttribute), false))
        {
            var names = CapturedNames(instance, depth: 0).Distinct().ToList();
            string list = string.Join(", ", names.Select(n => $"'{n}'"));
            return $"The target lambda captures {list}: a child process has its own memory and can't see the parent's variables. " +
                $"Pass them as arguments instead, e.g. {passArguments}, with a static method or a lambda that captures nothing.";
        }
        return $"The target {type.Name}.{method.Name} is an instance method: it needs its object, which stays in this process. " +
            "Make the method static and pass what it needs as arguments.";
    }

    private static IEnumerable<string> CapturedNames(object closure, int depth)
    {
        foreach (FieldInfo f in closure.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (f.Name.EndsWith("__this", StringComparison.Ordinal))
            {
                yield return "this";
            }
            else if (f.Name.Contains("__locals", StringComparison.Ordinal) && depth < 8 && f.GetValue(closure) is { } outer)
            {
                foreach (string n in CapturedNames(outer, depth + 1))
                {
                    yield return n;
                }
            }
            else
            {
                yield return f.Name;
            }
        }
    }

    /// <summary>Writes the fields that name the method, for <see cref="ReadFrom"/>.</summary>
    public void WriteTo(Transport.FrameWriter w)
    {
        w.String(AssemblyName);
        w.String(AssemblyLocation);
        w.Bytes(ModuleVersionId.ToByteArray());
        w.Int(MetadataToken);
        w.Strings(TypeArguments);
        w.Strings(MethodArguments);
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote.</summary>
    public static JobTarget ReadFrom(ref Transport.FrameReader r) =>
        new(r.String(), r.String(), new Guid(r.Bytes()), r.Int(), r.Strings(), r.Strings());

    /// <summary>Finds the method again, in a child process.</summary>
    public MethodInfo Resolve()
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(AssemblyName));
        }
        catch (FileNotFoundException)
        {
            assembly = Assembly.LoadFrom(AssemblyLocation);
        }
        Module module = assembly.Modules.FirstOrDefault(m => m.ModuleVersionId == ModuleVersionId)
            ?? throw new InvalidOperationException(
                $"The child loaded {assembly.GetName().Name} but it is not the build the parent ran (module version differs); rebuild so both use the same files.");
        Type[]? typeArgs = TypeArguments.Length > 0 ? [.. TypeArguments.Select(LoadType)] : null;
        Type[]? methodArgs = MethodArguments.Length > 0 ? [.. MethodArguments.Select(LoadType)] : null;
        var method = module.ResolveMethod(MetadataToken, typeArgs, methodArgs) as MethodInfo
            ?? throw new InvalidOperationException($"Metadata token {MetadataToken:X8} in {assembly.GetName().Name} is not a method.");
        // A token names the definition: a generic type or method is instantiated again here.
        if (typeArgs is not null && method.DeclaringType is { IsGenericTypeDefinition: true } open)
        {
            method = (MethodInfo)MethodBase.GetMethodFromHandle(method.MethodHandle, open.MakeGenericType(typeArgs).TypeHandle)!;
        }
        if (methodArgs is not null && method.IsGenericMethodDefinition)
        {
            method = method.MakeGenericMethod(methodArgs);
        }
        return method;
    }

    private static Type LoadType(string name) => Type.GetType(name, throwOnError: true)!;

    /// <summary>The object to call an instance method on: the stateless closure singleton.</summary>
    public static object? TargetFor(MethodInfo method)
    {
        if (method.IsStatic)
        {
            return null;
        }
        Type type = method.DeclaringType!;
        FieldInfo? singleton = type.GetField("<>9", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic);
        return singleton?.GetValue(null) ?? RuntimeHelpers.GetUninitializedObject(type);
    }
}
