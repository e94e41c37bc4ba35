using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Callytics.Compiler.Importing;

/// <summary>
/// Writes an <see cref="ImportedFlow"/> as canonical flow JSON (flow-language.md §1): properties in
/// the documented order, two-space indentation, <c>next</c> handles left implicit, layout last.
/// Both importers write through this one class, so their output has the same shape.
/// </summary>
public static class FlowJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Labels and prompts in other languages stay readable; the file is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Returns the flow as JSON text ending in a newline.</summary>
    public static string Write(ImportedFlow flow)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 1);
            w.WriteString("id", flow.Id);
            w.WriteString("name", flow.Name);
            if (!string.IsNullOrEmpty(flow.Description)) w.WriteString("description", flow.Description);
            WriteNodes(w, flow);
            WriteEdges(w, flow);
            WriteLayout(w, flow);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteNodes(Utf8JsonWriter w, ImportedFlow flow)
    {
        w.WriteStartArray("nodes");
        foreach (var node in flow.Nodes)
        {
            w.WriteStartObject();
            w.WriteString("id", node.Id);
            w.WriteString("type", node.Type);
            if (node.Label.Length > 0) w.WriteString("label", node.Label);
            if (node.Config.Count > 0)
            {
                w.WritePropertyName("config");
                node.Config.WriteTo(w);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteEdges(Utf8JsonWriter w, ImportedFlow flow)
    {
        w.WriteStartArray("edges");
        foreach (var edge in flow.Edges)
        {
            w.WriteStartObject();
            w.WriteString("source", edge.Source);
            w.WriteString("target", edge.Target);
            if (edge.Handle != "next") w.WriteString("sourceHandle", edge.Handle);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }


    private static void WriteLayout(Utf8JsonWriter w, ImportedFlow flow)
    {
        if (flow.Layout.Count == 0 && flow.Groups.Count == 0) return;
        w.WriteStartObject("layout");
        foreach (var (id, point) in flow.Layout)
        {
            w.WriteStartObject(id);
            w.WriteNumber("x", point.X);
            w.WriteNumber("y", point.Y);
            w.WriteEndObject();
        }
        if (flow.Groups.Count > 0) WriteGroups(w, flow.Groups);
        w.WriteEndObject();
    }

    // Frames only draw: like positions they are layout, so they never change a flow's meaning or hash.
    private static void WriteGroups(Utf8JsonWriter w, IEnumerable<LayoutGroup> groups)
    {
        w.WriteStartArray(Schema.FlowSchemaGenerator.LayoutGroupsKey);
        foreach (var group in groups)
        {
            w.WriteStartObject();
            w.WriteString("id", group.Id);
            if (group.Label.Length > 0) w.WriteString("label", group.Label);
            w.WriteNumber("x", group.Position.X);
            w.WriteNumber("y", group.Position.Y);
            if (group.Width is { } width) w.WriteNumber("width", width);
            if (group.Height is { } height) w.WriteNumber("height", height);
            w.WriteStartArray("nodes");
            foreach (var node in group.Nodes) w.WriteStringValue(node);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
