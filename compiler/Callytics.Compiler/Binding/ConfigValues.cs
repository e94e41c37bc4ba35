using Callytics.Compiler.Binding.Fields;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Binding;

/// <summary>
/// A node's config after each field was bound: typed values, falling back to the field's default
/// when absent (or, after an error, to a neutral value: such nodes are never emitted).
/// Every accessor names a field the node type declares, and asks for the type that field binds to:
/// a misspelt name or a wrong type is a compiler bug and throws <see cref="InvalidOperationException"/>,
/// instead of quietly binding the default (that hid a misspelt name until a call used the node).
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
    public bool Has(string name) => _values.TryGetValue(Declared(name).Name, out var v) && v is not null;

    /// <summary>
    /// The bound value, else the field's default, else <paramref name="fallback"/> (a field without a
    /// default that was not written, or whose value had an error).
    /// </summary>
    /// <exception cref="InvalidOperationException">The node type declares no such field, or its value or default is not a <typeparamref name="T"/>.</exception>
    public T Get<T>(string name, T fallback)
    {
        var field = Declared(name);
        if (_values.TryGetValue(name, out var v) && v is not null) return As<T>(field, v);
        return field.Default is { } d ? As<T>(field, d) : fallback;
    }

    private ConfigField Declared(string name) =>
        _type.FindField(name) ?? throw new InvalidOperationException($"Node type '{_type.Name}' declares no config field '{name}'.");

    private T As<T>(ConfigField field, object value) => value is T t
        ? t
        : throw new InvalidOperationException($"Config field '{field.Name}' of '{_type.Name}' binds to {value.GetType().Name}, not {typeof(T).Name}.");

    /// <summary>An integer value, or its default.</summary>
    public int Int(string name) => Get(name, 0);

    /// <summary>An integer written in the config, or null (for defaults inherited from the flow).</summary>
    public int? IntOrNull(string name) => Get<int?>(name, null);

    /// <summary>A boolean value, or its default.</summary>
    public bool Bool(string name) => Get(name, false);

    /// <summary>A string value, or its default, or "".</summary>
    public string Text(string name) => Get(name, "");

    /// <summary>A list value, or an empty list.</summary>
    public IReadOnlyList<T> List<T>(string name) => Get<IReadOnlyList<T>>(name, []);
}
