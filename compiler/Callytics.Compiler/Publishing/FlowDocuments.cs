using System.Text.Json;
using System.Text.Json.Nodes;

namespace Callytics.Compiler.Publishing;

/// <summary>Splits a flow document into its meaning and its layout, and puts them back together.</summary>
public static class FlowDocuments
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The document's <c>id</c>, or null when the text is not a flow object with a string id.</summary>
    public static string? ReadFlowId(string json) =>
        TryParse(json)?["id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null;

    /// <summary>The document's <c>layout</c> object as JSON, or null when it has none (or is not JSON).</summary>
    public static string? ExtractLayout(string json) => TryParse(json)?["layout"] is JsonObject layout ? layout.ToJsonString() : null;

    /// <summary>A stored version as one flow document: its semantic JSON with <paramref name="layoutJson"/> as <c>layout</c>.</summary>
    public static string Compose(string semanticJson, string? layoutJson)
    {
        var root = TryParse(semanticJson) ?? throw new JsonException("The stored flow JSON is not an object.");
        if (layoutJson is not null && TryParse(layoutJson) is { } layout) root["layout"] = layout;
        return root.ToJsonString(Indented) + "\n";
    }

    private static JsonObject? TryParse(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
