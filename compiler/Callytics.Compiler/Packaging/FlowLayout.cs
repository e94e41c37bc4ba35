using System.Text.Json;
using System.Text.Json.Nodes;

namespace Callytics.Compiler.Packaging;

/// <summary>The editor's layout of a flow document, which is stored beside a version but is not part of its meaning.</summary>
public static class FlowLayout
{
    /// <summary>The document's <c>layout</c> object as JSON, or null when it has none (or is not a JSON object).</summary>
    public static string? Extract(string document)
    {
        try
        {
            return JsonNode.Parse(document) is JsonObject root && root["layout"] is JsonObject layout ? layout.ToJsonString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
