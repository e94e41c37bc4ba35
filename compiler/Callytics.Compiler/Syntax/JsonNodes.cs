using System.Text;

namespace Callytics.Compiler.Syntax;

/// <summary>The JSON value kinds, named as the schema names them.</summary>
public enum JsonKind
{
    /// <summary>An object.</summary>
    Object,
    /// <summary>An array.</summary>
    Array,
    /// <summary>A string.</summary>
    String,
    /// <summary>A number.</summary>
    Number,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>null.</summary>
    Null,
}

/// <summary>
/// A JSON value with its position in the source. Later stages never read raw JSON text again:
/// they read these nodes, and every diagnostic points at one of them.
/// </summary>
public abstract class JsonNode
{
    private protected JsonNode(int start) => Start = start;

    /// <summary>Offset of the value's first character.</summary>
    public int Start { get; }

    /// <summary>The object or array holding this value, or null for the root.</summary>
    public JsonNode? Parent { get; internal set; }

    /// <summary>The key under which the parent object holds this value (null in arrays and at the root).</summary>
    public string? Key { get; internal set; }

    /// <summary>For a property value, the offset of its key's opening quote; else <see cref="Start"/>.</summary>
    public int KeyStart { get; internal set; } = -1;

    /// <summary>The index in the parent array (-1 elsewhere).</summary>
    public int Index { get; internal set; } = -1;

    /// <summary>The kind of value.</summary>
    public abstract JsonKind Kind { get; }

    /// <summary>The RFC 6901 JSON pointer of this value, e.g. <c>/nodes/3/config/prompt</c>.</summary>
    public string Pointer
    {
        get
        {
            var parts = new Stack<string>();
            for (var n = this; n.Parent is not null; n = n.Parent)
                parts.Push(n.Key is not null ? Escape(n.Key) : n.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (parts.Count == 0) return "";
            var sb = new StringBuilder();
            foreach (var p in parts) sb.Append('/').Append(p);
            return sb.ToString();
        }
    }

    /// <summary>The name used for this kind in messages ("an object", "a string", ...).</summary>
    public string KindDescription => Describe(Kind);

    /// <summary>Describes a kind with its article, for messages.</summary>
    public static string Describe(JsonKind kind) => kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.Boolean => "a boolean",
        _ => "null",
    };

    private static string Escape(string key) => key.Replace("~", "~0").Replace("/", "~1");
}

/// <summary>A JSON object. Keys keep their order; a duplicated key keeps its first value (the duplicate is reported).</summary>
public sealed class JsonObject : JsonNode
{
    private readonly List<JsonNode> _values = [];
    private Dictionary<string, JsonNode>? _index;

    internal JsonObject(int start) : base(start) { }

    /// <inheritdoc />
    public override JsonKind Kind => JsonKind.Object;

    /// <summary>The property values in source order; each one's <see cref="JsonNode.Key"/> is its name.</summary>
    public IReadOnlyList<JsonNode> Properties => _values;

    /// <summary>Adds a property; returns false when the key is already present.</summary>
    internal bool TryAdd(string key, int keyStart, JsonNode value)
    {
        _index ??= new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        if (!_index.TryAdd(key, value)) return false;
        value.Parent = this;
        value.Key = key;
        value.KeyStart = keyStart;
        _values.Add(value);
        return true;
    }

    /// <summary>Returns the value of a property, or null when absent.</summary>
    public JsonNode? this[string key] => _index is not null && _index.TryGetValue(key, out var v) ? v : null;
}

/// <summary>A JSON array.</summary>
public sealed class JsonArray : JsonNode
{
    private readonly List<JsonNode> _items = [];

    internal JsonArray(int start) : base(start) { }

    /// <inheritdoc />
    public override JsonKind Kind => JsonKind.Array;

    /// <summary>The items in order.</summary>
    public IReadOnlyList<JsonNode> Items => _items;

    internal void Add(JsonNode item)
    {
        item.Parent = this;
        item.Index = _items.Count;
        item.KeyStart = item.Start;
        _items.Add(item);
    }
}

/// <summary>A JSON string (escapes decoded).</summary>
public sealed class JsonString(int start, string value) : JsonNode(start)
{
    /// <inheritdoc />
    public override JsonKind Kind => JsonKind.String;

    /// <summary>The decoded value.</summary>
    public string Value { get; } = value;
}

/// <summary>A JSON number, kept as written so that range checks can report the original text.</summary>
public sealed class JsonNumber(int start, string text) : JsonNode(start)
{
    /// <inheritdoc />
    public override JsonKind Kind => JsonKind.Number;

    /// <summary>The number as written.</summary>
    public string Text { get; } = text;

    /// <summary>The value as a 64-bit integer, when it is a whole number that fits.</summary>
    public bool TryGetInt64(out long value)
    {
        if (long.TryParse(Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value)) return true;
        // 1e3 and 2.0 are whole numbers too.
        if (double.TryParse(Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
            && Math.Abs(d) < 9e15 && Math.Floor(d) == d)
        {
            value = (long)d;
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>The value as a double (infinite when out of range).</summary>
    public double ToDouble() =>
        double.TryParse(Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : double.NaN;
}

/// <summary>true or false.</summary>
public sealed class JsonBoolean(int start, bool value) : JsonNode(start)
{
    /// <inheritdoc />
    public override JsonKind Kind => JsonKind.Boolean;

    /// <summary>The value.</summary>
    public bool Value { get; } = value;
}

/// <summary>null.</summary>
public sealed class JsonNull(int start) : JsonNode(start)
{
    /// <inheritdoc />
    public override JsonKind Kind => JsonKind.Null;
}
