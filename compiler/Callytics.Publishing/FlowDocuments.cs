using System.Text.Json;
using System.Text.Json.Nodes;
using Callytics.Compiler.Diagnostics;

namespace Callytics.Publishing;

/// <summary>Splits a flow document into its meaning and its layout, and puts them back together.</summary>
public static class FlowDocuments
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Throws <see cref="InvalidFlowDocumentException"/> with located findings when <paramref name="json"/> is not one
    /// JSON object the stores and the tools can read back: invalid JSON (CFL0001), nesting deeper than the limit
    /// (CFL0003) or a key given twice (CFL0004), which System.Text.Json would otherwise report in its own words.
    /// A draft is not checked further: it may hold every other kind of error while it is being drawn.
    /// </summary>
    /// <param name="path">The name findings are reported under (a file, or "draft").</param>
    /// <param name="json">The document.</param>
    public static void RequireObject(string path, string json)
    {
        var loaded = Callytics.Compiler.Syntax.JsonLoader.Parse(path, json);
        var unreadable = loaded.Diagnostics.Diagnostics.Where(d => d.IsError && d.Id is "CFL0001" or "CFL0003" or "CFL0004").ToList();
        if (unreadable.Count > 0)
            throw new InvalidFlowDocumentException(string.Join("; ", unreadable), unreadable);
        if (loaded.Root is not Callytics.Compiler.Syntax.JsonObject)
            throw new InvalidFlowDocumentException("a flow document must be a JSON object", []);
    }

    /// <summary>The document's <c>id</c>, or null when the text is not a flow object with a string id.</summary>
    public static string? ReadFlowId(string json) =>
        TryParse(json)?["id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null;

    /// <summary>The document's <c>layout</c> object as JSON, or null when it has none (or is not JSON).</summary>
    public static string? ExtractLayout(string json) => Callytics.Compiler.Packaging.FlowLayout.Extract(json);

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

/// <summary>A flow document that cannot be stored: not one readable JSON object (see <see cref="FlowDocuments.RequireObject"/>).</summary>
/// <param name="message">The findings as text, each <c>path(line,col): error CFLxxxx: message</c>.</param>
/// <param name="diagnostics">The located findings (empty when the document is JSON but not an object).</param>
public sealed class InvalidFlowDocumentException(string message, IReadOnlyList<Diagnostic> diagnostics) : ArgumentException(message)
{
    /// <summary>The located findings.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}
