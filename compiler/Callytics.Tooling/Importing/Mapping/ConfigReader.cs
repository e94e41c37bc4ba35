using System.Globalization;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Importing.Mapping;

/// <summary>
/// Reads the config object of one source node. Every key a mapping reads is marked as taken;
/// <see cref="Finish"/> reports every key left over as CFL6002, so nothing is dropped silently.
/// A value of the wrong kind is reported the same way (it cannot be carried over).
/// </summary>
public sealed class ConfigReader
{
    private readonly JsonObject? _config;
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    /// <summary>Creates a reader over <paramref name="config"/> (null when the node has none).</summary>
    public ConfigReader(JsonObject? config, string nodeId, DiagnosticBag diagnostics)
    {
        _config = config;
        NodeId = nodeId;
        Diagnostics = diagnostics;
    }

    /// <summary>The imported node's id, for messages.</summary>
    public string NodeId { get; }

    /// <summary>Where findings go.</summary>
    public DiagnosticBag Diagnostics { get; }

    /// <summary>A reader over a nested object (a schedule entry, a destination) of the same node.</summary>
    public ConfigReader Nested(JsonObject obj) => new(obj, NodeId, Diagnostics);

    /// <summary>True when the key is present with a non-null value (does not take it).</summary>
    public bool Has(string key) => _config?[key] is { Kind: not JsonKind.Null };

    /// <summary>Takes a value of any kind; null when absent or JSON null.</summary>
    public JsonNode? Take(string key)
    {
        _taken.Add(key);
        return _config?[key] is { Kind: not JsonKind.Null } v ? v : null;
    }

    /// <summary>Takes text; numbers are accepted as their text (exports write ids both ways).</summary>
    public string? String(string key) => Take(key) switch
    {
        null => null,
        JsonString s => s.Value,
        JsonNumber n => n.Text,
        var other => Unmapped(other),
    };

    /// <summary>Takes a whole number.</summary>
    public long? Integer(string key) => Take(key) switch
    {
        null => null,
        JsonNumber n when n.TryGetInt64(out var v) => v,
        JsonString s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) => v,
        var other => UnmappedValue<long>(other),
    };

    /// <summary>Takes a finite number.</summary>
    public double? Number(string key) => Take(key) switch
    {
        null => null,
        JsonNumber n when double.IsFinite(n.ToDouble()) => n.ToDouble(),
        var other => UnmappedValue<double>(other),
    };

    /// <summary>Takes true or false.</summary>
    public bool? Boolean(string key) => Take(key) switch
    {
        null => null,
        JsonBoolean b => b.Value,
        var other => UnmappedValue<bool>(other),
    };

    /// <summary>Takes a list.</summary>
    public JsonArray? Array(string key) => Take(key) switch
    {
        null => null,
        JsonArray a => a,
        var other => Reject<JsonArray>(other),
    };

    /// <summary>Takes an object.</summary>
    public JsonObject? Object(string key) => Take(key) switch
    {
        null => null,
        JsonObject o => o,
        var other => Reject<JsonObject>(other),
    };

    /// <summary>Takes text that must have an id shape; a value that does not fit is bent into it and reported (CFL6005).</summary>
    public string? Id(string key, IdShape shape)
    {
        var text = String(key);
        return text is null ? null : Fit(_config![key]!, key, text, shape);
    }

    /// <summary>Bends <paramref name="text"/> (written at <paramref name="at"/>) into <paramref name="shape"/>, reporting a change.</summary>
    public string Fit(JsonNode at, string what, string text, IdShape shape)
    {
        var fitted = shape.Fit(text);
        if (fitted != text) Adapted(at, what, $"'{text}' is not a valid {shape.Name}; it became '{fitted}'");
        return fitted;
    }

    /// <summary>Reports a value that was carried over in a changed form (CFL6005).</summary>
    public void Adapted(JsonNode at, string what, string how) => Diagnostics.ReportImportValueAdapted(at, NodeId, what, how);

    /// <summary>Reports a value that could not be carried over (CFL6002) and returns null.</summary>
    public string? Unmapped(JsonNode value)
    {
        Diagnostics.ReportImportUnmappedKey(value, NodeId);
        return null;
    }

    private T? Reject<T>(JsonNode value) where T : class
    {
        Unmapped(value);
        return null;
    }

    private T? UnmappedValue<T>(JsonNode value) where T : struct
    {
        Unmapped(value);
        return null;
    }

    /// <summary>
    /// Takes keys that carry nothing a call does (export bookkeeping such as ids, slugs and
    /// timestamps, editor state): they are let go without a finding.
    /// </summary>
    public void Ignore(params string[] keys)
    {
        foreach (var key in keys) _taken.Add(key);
    }

    /// <summary>Takes every key that starts with <paramref name="prefix"/> (editor state), without a finding.</summary>
    public void IgnorePrefixed(string prefix)
    {
        if (_config is null) return;
        foreach (var property in _config.Properties)
            if (property.Key!.StartsWith(prefix, StringComparison.Ordinal)) _taken.Add(property.Key);
    }

    /// <summary>
    /// Reports every key no mapping took. A key whose value is null or "" is not reported: both
    /// products write every key of a node's form, set or not, and an unset one loses nothing.
    /// </summary>
    public void Finish()
    {
        if (_config is null) return;
        foreach (var property in _config.Properties)
            if (!_taken.Contains(property.Key!) && property is not ({ Kind: JsonKind.Null } or JsonString { Value.Length: 0 }))
                Diagnostics.ReportImportUnmappedKey(property, NodeId);
    }
}
