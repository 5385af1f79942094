using System.Collections;
using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Harness.Persistence;

/// <summary>
/// Fills a requested .NET type from loaded plain data: records and classes from dicts by
/// property name (exact, then ignoring case), collections from lists and tuples, numbers with
/// range checks. Every mismatch is a PickleException naming the path to the value
/// ("Order.Lines[2].Price") and what was found there.
/// </summary>
internal static class TypedReader
{
    public static T Read<T>(object? plain) => (T)Read(plain, typeof(T), typeof(T).Name)!;

    private static object? Read(object? value, Type target, string path)
    {
        if (target == typeof(object) || (value is not null && target == value.GetType()))
        {
            return value;
        }
        if (Nullable.GetUnderlyingType(target) is { } inner)
        {
            return value is null ? null : Read(value, inner, path);
        }
        if (value is null)
        {
            return target.IsValueType ? throw Mismatch(path, target, value) : null;
        }
        if (PlainDataComparer.AsInteger(value) is { } integer)
        {
            return ReadInteger(integer, value, target, path);
        }
        if (target.IsEnum && value is string name)
        {
            return Enum.TryParse(target, name, ignoreCase: false, out object? e) ? e : throw Mismatch(path, target, value);
        }
        if (target == typeof(char) && value is string { Length: 1 } one)
        {
            return one[0];
        }
        if (target == typeof(float) && value is double d)
        {
            return (float)d;
        }
        if (target.IsArray && value is IList items && target.GetArrayRank() == 1)
        {
            Type element = target.GetElementType()!;
            var array = Array.CreateInstance(element, items.Count);
            for (int i = 0; i < items.Count; i++)
            {
                array.SetValue(Read(items[i], element, $"{path}[{i}]"), i);
            }
            return array;
        }
        if (typeof(ITuple).IsAssignableFrom(target) && value is IList tupleItems)
        {
            return ReadTuple(tupleItems, target, path);
        }
        if (GenericArguments(target, typeof(IDictionary<,>), typeof(Dictionary<,>), typeof(IReadOnlyDictionary<,>)) is { } kv
            && value is IDictionary dict)
        {
            var result = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(kv))!;
            foreach (DictionaryEntry e in dict)
            {
                object key = Read(e.Key, kv[0], $"a key of {path}")!;
                result[key] = Read(e.Value, kv[1], $"{path}[{e.Key}]");
            }
            return result;
        }
        if (GenericArguments(target, typeof(List<>), typeof(IList<>), typeof(IEnumerable<>), typeof(ICollection<>),
                typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>)) is [Type itemType] && value is IList list)
        {
            var result = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType), list.Count)!;
            for (int i = 0; i < list.Count; i++)
            {
                result.Add(Read(list[i], itemType, $"{path}[{i}]"));
            }
            return result;
        }
        if (target.IsAssignableFrom(value.GetType()))
        {
            return value;
        }
        if (value is Dictionary<object, object?> fields && IsRecordLike(target))
        {
            return ReadObject(fields, target, path);
        }
        throw Mismatch(path, target, value);
    }

    private static object ReadInteger(BigInteger integer, object value, Type target, string path)
    {
        try
        {
            return target switch
            {
                _ when target == typeof(BigInteger) => integer,
                _ when target == typeof(double) => (double)integer,
                _ when target == typeof(float) => (float)integer,
                _ when target.IsEnum => Enum.ToObject(target, (long)integer),
                _ when target == typeof(int) || target == typeof(long) || target == typeof(short) || target == typeof(sbyte)
                    || target == typeof(byte) || target == typeof(ushort) || target == typeof(uint) || target == typeof(ulong)
                    || target == typeof(decimal) => System.Convert.ChangeType((decimal)integer, target, System.Globalization.CultureInfo.InvariantCulture),
                _ => throw Mismatch(path, target, value),
            };
        }
        catch (OverflowException)
        {
            throw new PickleException($"{path} is a {Name(target)}, but the data holds {integer}, which doesn't fit in one.");
        }
    }

    private static object ReadTuple(IList items, Type target, string path)
    {
        Type[] types = target.GetGenericArguments();
        if (types.Length != items.Count || types.Length > 7)
        {
            throw new PickleException($"{path} is a tuple of {types.Length}, but the data holds {items.Count} items.");
        }
        object?[] args = new object?[types.Length];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = Read(items[i], types[i], $"{path}.Item{i + 1}");
        }
        return Activator.CreateInstance(target, args)!;
    }

    private static object ReadObject(Dictionary<object, object?> fields, Type target, string path)
    {
        TypeShape shape = TypeShape.Of(target);
        object?[] args = new object?[shape.Parameters.Length];
        for (int i = 0; i < args.Length; i++)
        {
            ParameterInfo p = shape.Parameters[i];
            if (Field(fields, p.Name!) is (true, var raw))
            {
                args[i] = Read(raw, p.ParameterType, $"{path}.{p.Name}");
            }
            else if (p.HasDefaultValue)
            {
                args[i] = p.DefaultValue;
            }
            else
            {
                throw Missing(path, target, p.Name!, fields);
            }
        }
        object result = shape.Constructor is null ? Activator.CreateInstance(target)! : shape.Constructor.Invoke(args);
        foreach (PropertyInfo p in shape.Settable)
        {
            if (Field(fields, p.Name) is not (true, var raw))
            {
                throw Missing(path, target, p.Name, fields);
            }
            p.SetValue(result, Read(raw, p.PropertyType, $"{path}.{p.Name}"));
        }
        return result;
    }

    private static (bool Found, object? Value) Field(Dictionary<object, object?> fields, string name)
    {
        if (fields.TryGetValue(name, out object? exact))
        {
            return (true, exact);
        }
        foreach (var (key, value) in fields)
        {
            if (key is string s && string.Equals(s, name, StringComparison.OrdinalIgnoreCase))
            {
                return (true, value);
            }
        }
        return (false, null);
    }

    private static bool IsRecordLike(Type type) =>
        !type.IsPrimitive && !type.IsEnum && !type.IsInterface && !type.IsAbstract
        && type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true;

    private static Type[]? GenericArguments(Type target, params Type[] definitions) =>
        target.IsGenericType && definitions.Contains(target.GetGenericTypeDefinition()) ? target.GetGenericArguments() : null;

    private static PickleException Missing(string path, Type target, string name, Dictionary<object, object?> fields) =>
        new($"{path}.{name} is missing from the data: the dict for this {target.Name} has the keys {string.Join(", ", fields.Keys.Select(k => k is string s ? $"'{s}'" : k.ToString()))}.");

    private static PickleException Mismatch(string path, Type target, object? value) =>
        new($"{path} is a {Name(target)}, but the data holds {PythonName(value)}{(value is string or int or long or double or bool ? $" ({Show(value)})" : "")}.");

    private static string Show(object value) => value is string s ? $"'{(s.Length > 40 ? s[..40] + "..." : s)}'" : value.ToString()!;

    private static string Name(Type t) => t.IsGenericType
        ? $"{t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", t.GetGenericArguments().Select(Name))}>"
        : t.Name;

    /// <summary>The Python type name of a loaded value, as a learner would see it in Python.</summary>
    internal static string PythonName(object? value) => value switch
    {
        null => "None",
        string => "a str",
        bool => "a bool",
        int or long or BigInteger => "an int",
        double => "a float",
        byte[] => "bytes",
        object?[] => "a tuple",
        List<object?> => "a list",
        Dictionary<object, object?> => "a dict",
        _ => $"a {value.GetType().Name}",
    };
}
