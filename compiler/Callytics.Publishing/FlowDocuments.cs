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
        if (IsCertainlyReadableObject(json)) return;
        var loaded = Callytics.Compiler.Syntax.JsonLoader.Parse(path, json);
        var unreadable = loaded.Diagnostics.Diagnostics.Where(d => d.IsError && d.Id is "CFL0001" or "CFL0003" or "CFL0004").ToList();
        if (unreadable.Count > 0)
            throw new InvalidFlowDocumentException(string.Join("; ", unreadable), unreadable);
        if (loaded.Root is not Callytics.Compiler.Syntax.JsonObject)
            throw new InvalidFlowDocumentException("a flow document must be a JSON object", []);
    }

    /// <summary>
    /// True when <paramref name="json"/> is certainly one JSON object the compiler's parser reads without
    /// CFL0001, CFL0003 or CFL0004: checked by streaming, without a tree of the document, so that saving a
    /// big draft allocates little in the host that serves calls. False whenever it is unsure (an error, an
    /// escaped or lone surrogate, nesting near the limit): the full parse then decides and locates what it finds.
    /// </summary>
    internal static bool IsCertainlyReadableObject(string json)
    {
        // Surrogates are where System.Text.Json and the compiler's parser may judge differently: leave them to the parser.
        if (json.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0 || HasEscapedSurrogate(json)) return false;
        var limit = Callytics.Compiler.Syntax.LoadLimits.Default.MaxDepth;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = System.Text.Encoding.UTF8.GetBytes(json, buffer);
            var reader = new Utf8JsonReader(buffer.AsSpan(0, length), new JsonReaderOptions { MaxDepth = limit + 2 });
            // One set of keys per open object, reused by depth (a tree's worth of sets would be what we avoid).
            var keys = new List<HashSet<string>>();
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            do
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth >= limit - 2:
                        return false;
                    case JsonTokenType.StartObject:
                        while (keys.Count <= reader.CurrentDepth) keys.Add(new HashSet<string>(StringComparer.Ordinal));
                        keys[reader.CurrentDepth].Clear();
                        break;
                    case JsonTokenType.PropertyName:
                        if (!keys[reader.CurrentDepth - 1].Add(reader.GetString()!)) return false;
                        break;
                }
            }
            while (reader.Read());
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool HasEscapedSurrogate(string json)
    {
        for (var i = json.IndexOf("\\u", StringComparison.Ordinal); i >= 0 && i + 3 < json.Length; i = json.IndexOf("\\u", i + 2, StringComparison.Ordinal))
            if (json[i + 2] is 'd' or 'D' && json[i + 3] is >= '8' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F') return true;
        return false;
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
