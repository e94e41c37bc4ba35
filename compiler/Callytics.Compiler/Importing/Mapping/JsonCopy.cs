using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Mapping;

/// <summary>Copies a source JSON value into the output tree unchanged (payload templates, header values).</summary>
public static class JsonCopy
{
    /// <summary>The same value as an output node.</summary>
    public static Out.JsonNode? Of(JsonNode value) => value switch
    {
        JsonString s => Out.JsonValue.Create(s.Value),
        JsonNumber n => Out.JsonNode.Parse(n.Text),
        JsonBoolean b => Out.JsonValue.Create(b.Value),
        JsonArray a => new Out.JsonArray(a.Items.Select(Of).ToArray()),
        JsonObject o => new Out.JsonObject(o.Properties.Select(p => KeyValuePair.Create(p.Key!, Of(p)))),
        _ => null,
    };
}
