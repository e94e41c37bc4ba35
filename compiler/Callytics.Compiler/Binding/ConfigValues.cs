using Callytics.Compiler.Binding.Fields;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Binding;

/// <summary>
/// A node's config after each field was bound: typed values, falling back to the field's default
/// when absent (or, after an error, to a neutral value: such nodes are never emitted).
/// Values are read through the node type's own <see cref="ConfigField{T}"/> declarations, so the
/// compiler checks the name and the type; a field of another node type throws
/// <see cref="InvalidOperationException"/> (a compiler bug, never a default bound in silence).
/// </summary>
public sealed class ConfigValues
{
    private readonly Dictionary<string, object?> _values;
    private readonly NodeType _type;

    internal ConfigValues(NodeType type, Dictionary<string, object?> values, JsonObject? syntax)
    {
        _type = type;
        _values = values;
        Syntax = syntax;
    }

    /// <summary>The config object, when present.</summary>
    public JsonObject? Syntax { get; }

    /// <summary>True when the property was written (and bound).</summary>
    public bool Has(ConfigField field) => _values.TryGetValue(Declared(field).Name, out var v) && v is not null;

    /// <summary>The bound value, else the field's default, else <c>default</c> (null for references and nullable values).</summary>
    /// <exception cref="InvalidOperationException">The field is not one of this node type's, or its value is not a <typeparamref name="T"/>.</exception>
    public T Get<T>(ConfigField<T> field) => Get(field, default!);

    /// <summary>
    /// The bound value, else the field's default, else <paramref name="fallback"/> (a field without a
    /// default that was not written, or whose value had an error).
    /// </summary>
    /// <exception cref="InvalidOperationException">The field is not one of this node type's, or its value is not a <typeparamref name="T"/>.</exception>
    public T Get<T>(ConfigField<T> field, T fallback)
    {
        Declared(field);
        if (_values.TryGetValue(field.Name, out var v) && v is not null) return As<T>(field, v);
        return field.Default is { } d ? As<T>(field, d) : fallback;
    }

    private ConfigField Declared(ConfigField field) =>
        _type.Fields.Any(f => ReferenceEquals(f, field))
            ? field
            : throw new InvalidOperationException($"Node type '{_type.Name}' declares no config field '{field.Name}' (a field of another node type was read).");

    private T As<T>(ConfigField field, object value) => value is T t
        ? t
        : throw new InvalidOperationException($"Config field '{field.Name}' of '{_type.Name}' binds to {value.GetType().Name}, not {typeof(T).Name}.");
}
