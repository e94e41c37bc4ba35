using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Callytics.Compiler.Packaging;

/// <summary>The editor's layout of a flow document, which is stored beside a version but is not part of its meaning.</summary>
public static class FlowLayout
{
    /// <summary>
    /// The document's <c>layout</c> object as compact JSON, or null when it has none (or the document is
    /// not one JSON object). Read by streaming: only the layout becomes a tree, so a big draft saved
    /// in the host that serves calls does not allocate a tree of the whole flow.
    /// </summary>
    public static string? Extract(string document)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(document.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(document, buffer);
            var reader = new Utf8JsonReader(buffer.AsSpan(0, length));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            string? layout = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isLayout = reader.ValueTextEquals("layout"u8);
                reader.Read();
                if (isLayout) layout = JsonNode.Parse(ref reader) is JsonObject found ? found.ToJsonString() : null;
                else reader.Skip();
            }
            // Anything after the root object makes the document unreadable (the reader throws).
            while (reader.Read()) { }
            return layout;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
