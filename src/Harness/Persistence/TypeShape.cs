using System.Collections.Concurrent;
using System.Reflection;

namespace Harness.Persistence;

/// <summary>
/// What the pickler needs to know about a record or class, found by reflection once per type:
/// the public properties it writes, and how <c>Load&lt;T&gt;</c> builds one back (a constructor
/// whose parameters are properties, as a positional record has, then the settable properties).
/// </summary>
internal sealed class TypeShape
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_readable = new();
    private static readonly ConcurrentDictionary<Type, TypeShape> s_shapes = new();

    private TypeShape(ConstructorInfo? constructor, ParameterInfo[] parameters, PropertyInfo[] settable)
    {
        Constructor = constructor;
        Parameters = parameters;
        Settable = settable;
    }

    /// <summary>The constructor to call; null for a struct built with its default value.</summary>
    public ConstructorInfo? Constructor { get; }

    /// <summary>The constructor's parameters, each named like a property.</summary>
    public ParameterInfo[] Parameters { get; }

    /// <summary>Public settable (or init) properties the constructor doesn't already fill.</summary>
    public PropertyInfo[] Settable { get; }

    /// <summary>The public instance properties that can be read, indexers excluded.</summary>
    public static PropertyInfo[] Readable(Type type) => s_readable.GetOrAdd(type, static t =>
        t.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .ToArray());

    /// <summary>How to build <paramref name="type"/>, or a PickleException saying why it can't be built.</summary>
    public static TypeShape Of(Type type) => s_shapes.GetOrAdd(type, Find);

    private static TypeShape Find(Type type)
    {
        PropertyInfo[] readable = Readable(type);
        bool IsProperty(ParameterInfo p) =>
            readable.Any(r => string.Equals(r.Name, p.Name, StringComparison.OrdinalIgnoreCase));

        // The widest public constructor whose parameters are all properties: a positional
        // record's primary constructor, or a class's "all fields" constructor.
        ConstructorInfo? constructor = type.GetConstructors(BindingFlags.Instance | BindingFlags.Public)
            .Where(c => c.GetParameters().All(IsProperty))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault();
        if (constructor is null && !type.IsValueType)
        {
            throw new PickleException(
                $"Can't build a {type.Name} from pickle data: it needs a public constructor whose parameters are named like its properties, or a parameterless one.");
        }
        ParameterInfo[] parameters = constructor?.GetParameters() ?? [];
        PropertyInfo[] settable = readable
            .Where(p => p.SetMethod is { IsPublic: true })
            .Where(p => !parameters.Any(a => string.Equals(a.Name, p.Name, StringComparison.OrdinalIgnoreCase)))
            .ToArray();
        return new TypeShape(constructor, parameters, settable);
    }
}
