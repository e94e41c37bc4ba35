using Callytics.Compiler.Binding.Fields;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Binding;

/// <summary>
/// A node's config after each field was bound: typed values, falling back to the field's default
/// when absent (or, after an error, to a neutral value: such nodes are never emitted).
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
    public bool Has(string name) => _values.TryGetValue(name, out var v) && v is not null;

    /// <summary>The bound value, the default, or <paramref name="fallback"/>.</summary>
    public T Get<T>(string name, T fallback)
    {
        if (_values.TryGetValue(name, out var v) && v is T t) return t;
        return _type.FindField(name)?.Default is T d ? d : fallback;
    }

    /// <summary>An integer value, or its default.</summary>
    public int Int(string name) => Get(name, 0);

    /// <summary>An integer written in the config, or null (for defaults inherited from the flow).</summary>
    public int? IntOrNull(string name) => _values.TryGetValue(name, out var v) && v is int i ? i : null;

    /// <summary>A boolean value, or its default.</summary>
    public bool Bool(string name) => Get(name, false);

    /// <summary>A string value, or its default, or "".</summary>
    public string Text(string name) => Get(name, "");

    /// <summary>A list value, or an empty list.</summary>
    public IReadOnlyList<T> List<T>(string name) => Get<IReadOnlyList<T>>(name, []);
}
