using System.Text;
using System.Text.Json;
using Callytics.Compiler.Binding;
using Callytics.Compiler.Binding.Fields;

namespace Callytics.Compiler.Schema;

/// <summary>
/// Generates schema/flow.schema.json (draft-07, read by NJsonSchema and by ajv in the editor) from
/// the node registry, so the schema, the binder and the editor's forms cannot drift apart. A test
/// fails when the checked-in file differs from what this produces.
/// </summary>
public static class FlowSchemaGenerator
{
    /// <summary>Where the schema is published, also its <c>$id</c>.</summary>
    public const string SchemaId = "https://callytics.dev/schema/flow.schema.json";

    /// <summary>The schema text (indented, LF line endings, trailing newline).</summary>
    public static string Generate()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("$schema", "http://json-schema.org/draft-07/schema#");
            w.WriteString("$id", SchemaId);
            w.WriteString("title", "Callytics flow");
            w.WriteString("description", "An IVR call flow: nodes, the edges between their outputs, and canvas layout. See flow-language.md.");
            w.WriteString("type", "object");
            WriteRequired(w, "schemaVersion", "id", "nodes", "edges");
            w.WriteStartObject("properties");
            Property(w, "$schema", "Path or URL of this schema, for editors.", "string");
            w.WriteStartObject("schemaVersion"); w.WriteString("type", "integer"); w.WriteStartArray("enum"); w.WriteNumberValue(Binder.SchemaVersion); w.WriteEndArray(); w.WriteString("description", "The language version; 1."); w.WriteEndObject();
            w.WriteStartObject("id"); w.WriteString("type", "string"); w.WriteString("pattern", "^[a-z0-9][a-z0-9_-]{0,63}$"); w.WriteString("description", "The flow's identity across all of its versions."); w.WriteEndObject();
            Property(w, "name", "The flow's name for people.", "string");
            Property(w, "description", "What the flow is for.", "string");
            w.WriteStartObject("nodes"); w.WriteString("type", "array"); w.WriteString("description", "The nodes; exactly one has type start."); w.WriteStartObject("items"); w.WriteString("$ref", "#/definitions/node"); w.WriteEndObject(); w.WriteEndObject();
            w.WriteStartObject("edges"); w.WriteString("type", "array"); w.WriteString("description", "Connections from a node's output (sourceHandle) to another node."); w.WriteStartObject("items"); w.WriteString("$ref", "#/definitions/edge"); w.WriteEndObject(); w.WriteEndObject();
            w.WriteStartObject("layout"); w.WriteString("type", "object"); w.WriteString("description", "Canvas positions by node id; not part of the flow's meaning."); w.WriteStartObject("properties"); w.WriteStartObject(LayoutGroupsKey); w.WriteString("$ref", "#/definitions/layout_groups"); w.WriteEndObject(); w.WriteEndObject(); w.WriteStartObject("patternProperties"); w.WriteStartObject("^x-"); w.WriteEndObject(); w.WriteEndObject(); w.WriteStartObject("additionalProperties"); w.WriteString("$ref", "#/definitions/position"); w.WriteEndObject(); w.WriteEndObject();
            w.WriteEndObject();
            ExtensionsOnly(w);

            w.WriteStartObject("definitions");
            w.WriteStartObject("node");
            w.WriteString("description", "A node; its type decides its config and outputs.");
            w.WriteStartArray("oneOf");
            foreach (var type in NodeRegistry.All) { w.WriteStartObject(); w.WriteString("$ref", $"#/definitions/node_{type.Name}"); w.WriteEndObject(); }
            w.WriteEndArray();
            w.WriteEndObject();
            foreach (var type in NodeRegistry.All)
            {
                w.WriteStartObject($"node_{type.Name}");
                WriteNode(w, type);
                w.WriteEndObject();
                w.WriteStartObject($"config_{type.Name}");
                WriteConfig(w, type);
                w.WriteEndObject();
            }
            w.WriteStartObject("edge"); WriteEdge(w); w.WriteEndObject();
            w.WriteStartObject("position"); WritePosition(w); w.WriteEndObject();
            w.WriteStartObject("layout_groups"); WriteLayoutGroups(w); w.WriteEndObject();
            w.WriteStartObject("prompt"); PromptField.WriteDefinition(w); w.WriteEndObject();
            w.WriteStartObject("destination"); DestinationField.WriteDefinition(w); w.WriteEndObject();
            w.WriteStartObject("timeRange"); TimeRanges.WriteDefinition(w); w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n") + "\n";
    }

    private static void WriteNode(Utf8JsonWriter w, NodeType type)
    {
        w.WriteString("type", "object");
        w.WriteString("description", type.Description);
        // A type with required config fields needs its config object too (the binder reports CFL1002 either way).
        if (type.Fields.Any(f => f.Required)) WriteRequired(w, "id", "type", "config");
        else WriteRequired(w, "id", "type");
        w.WriteStartObject("properties");
        w.WriteStartObject("id"); w.WriteString("type", "string"); w.WriteString("pattern", "^[A-Za-z_][A-Za-z0-9_-]{0,63}$"); w.WriteString("description", "Unique in the flow; edges name it."); w.WriteEndObject();
        w.WriteStartObject("type"); w.WriteString("type", "string"); w.WriteStartArray("enum"); w.WriteStringValue(type.Name); w.WriteEndArray(); w.WriteEndObject();
        Property(w, "label", "Free text for people.", "string");
        w.WriteStartObject("config"); w.WriteString("$ref", $"#/definitions/config_{type.Name}"); w.WriteEndObject();
        w.WriteEndObject();
        ExtensionsOnly(w);
        // Outputs are not validated by JSON Schema, but editors need them: x- keywords are ignored by validators.
        w.WriteBoolean("x-terminal", type.IsTerminal);
        // Whether a loop through it waits (CFL3002): the editor's analysis reads this, not a copy.
        w.WriteBoolean("x-waits", type.Waits);
        if (type.Sets.Count > 0)
        {
            // Variables every node of the type sets (definite assignment, CFL3003), read by the editor's binder.
            w.WriteStartArray("x-sets");
            foreach (var variable in type.Sets) w.WriteStringValue(variable);
            w.WriteEndArray();
        }
        w.WriteStartArray("x-outputs");
        foreach (var output in StaticOutputs(type))
        {
            w.WriteStartObject();
            w.WriteString("name", output.Name);
            w.WriteBoolean("required", output.Required);
            if (output.WhenUnconnected.Length > 0) w.WriteString("whenUnconnected", output.WhenUnconnected);
            if (output.WebhooksOnly) w.WriteBoolean("webhooksOnly", true);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The outputs as the schema lists them: dynamic ones as a pattern (<c>digit:{key}</c>, <c>rule:{name}</c>).</summary>
    internal static IEnumerable<OutputSpec> StaticOutputs(NodeType type) => type.DynamicOutputPrefix switch
    {
        "digit:" => new[] { new OutputSpec("digit:{key}", true, "") }.Concat(type.GetOutputs(Sample(type)).Where(o => !o.Name.StartsWith("digit:", StringComparison.Ordinal))),
        "rule:" => new[] { new OutputSpec("rule:{name}", true, "") }.Concat(type.GetOutputs(Sample(type)).Where(o => !o.Name.StartsWith("rule:", StringComparison.Ordinal))),
        _ => type.GetOutputs(Sample(type)),
    };

    private static BoundNode Sample(NodeType type)
    {
        // A node with default config is enough to list the static outputs.
        var bag = new Diagnostics.DiagnosticBag(new Syntax.SourceText("schema", ""));
        var syntax = (Syntax.JsonObject)Syntax.JsonLoader.Parse("schema", "{}").Root!;
        var context = new BindContext(bag, "sample", new NodeFacts());
        var info = new NodeInfo("sample", type, "", syntax, 0, context.Facts, false);
        return type.Bind(info, new ConfigValues(type, [], null), context);
    }

    private static void WriteConfig(Utf8JsonWriter w, NodeType type)
    {
        w.WriteString("type", "object");
        w.WriteString("description", $"Settings of a {type.Name} node.");
        var required = type.Fields.Where(f => f.Required).Select(f => f.Name).ToArray();
        if (required.Length > 0) WriteRequired(w, required);
        w.WriteStartObject("properties");
        foreach (var field in type.Fields)
        {
            w.WriteStartObject(field.Name);
            field.Type.WriteSchema(w);
            w.WriteString("description", field.Description);
            switch (field.Default)
            {
                case int i: w.WriteNumber("default", i); break;
                case bool b: w.WriteBoolean("default", b); break;
                case string s: w.WriteString("default", s); break;
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        ExtensionsOnly(w);
    }

    private static void WriteEdge(Utf8JsonWriter w)
    {
        w.WriteString("type", "object");
        w.WriteString("description", "A connection from one output of a node to another node (React Flow's names).");
        WriteRequired(w, "source", "target");
        w.WriteStartObject("properties");
        Property(w, "id", "Optional edge id.", "string");
        Property(w, "source", "The node the call leaves.", "string");
        Property(w, "target", "The node the call goes to.", "string");
        w.WriteStartObject("sourceHandle"); w.WriteStartArray("type"); w.WriteStringValue("string"); w.WriteStringValue("null"); w.WriteEndArray(); w.WriteString("description", "The output of the source node; next when absent."); w.WriteString("default", "next"); w.WriteEndObject();
        w.WriteStartObject("targetHandle"); w.WriteStartArray("type"); w.WriteStringValue("string"); w.WriteStringValue("null"); w.WriteEndArray(); w.WriteString("description", "Ignored (nodes have one input); kept because React Flow writes it."); w.WriteEndObject();
        w.WriteEndObject();
        ExtensionsOnly(w);
    }

    private static void WritePosition(Utf8JsonWriter w)
    {
        w.WriteString("type", "object");
        w.WriteString("description", "A canvas position.");
        WriteRequired(w, "x", "y");
        w.WriteStartObject("properties");
        Property(w, "x", "Horizontal position.", "number");
        Property(w, "y", "Vertical position.", "number");
        w.WriteEndObject();
        ExtensionsOnly(w);
    }

    /// <summary>
    /// The layout key for frames drawn around nodes (imported Callytics groups). An <c>x-</c> key, so
    /// every tool that does not draw frames keeps and ignores it, and the flow's meaning and hash never see it.
    /// </summary>
    public const string LayoutGroupsKey = "x-groups";

    private static void WriteLayoutGroups(Utf8JsonWriter w)
    {
        w.WriteString("type", "array");
        w.WriteString("description", "Frames drawn around nodes on the canvas: a title, a top-left corner, an optional size and the ids of the nodes inside.");
        w.WriteStartObject("items");
        w.WriteString("type", "object");
        WriteRequired(w, "id", "x", "y", "nodes");
        w.WriteStartObject("properties");
        Property(w, "id", "The frame's id (unique among frames).", "string");
        Property(w, "label", "The frame's title.", "string");
        Property(w, "x", "Horizontal position of the top-left corner.", "number");
        Property(w, "y", "Vertical position of the top-left corner.", "number");
        Property(w, "width", "Width, when known.", "number");
        Property(w, "height", "Height, when known.", "number");
        w.WriteStartObject("nodes"); w.WriteString("type", "array"); w.WriteString("description", "Ids of the nodes drawn inside."); w.WriteStartObject("items"); w.WriteString("type", "string"); w.WriteEndObject(); w.WriteEndObject();
        w.WriteEndObject();
        ExtensionsOnly(w);
        w.WriteEndObject();
    }

    private static void Property(Utf8JsonWriter w, string name, string description, string type)
    {
        w.WriteStartObject(name);
        w.WriteString("type", type);
        w.WriteString("description", description);
        w.WriteEndObject();
    }

    private static void WriteRequired(Utf8JsonWriter w, params string[] names)
    {
        w.WriteStartArray("required");
        foreach (var n in names) w.WriteStringValue(n);
        w.WriteEndArray();
    }

    /// <summary>Unknown properties are errors (they catch typos) except keys starting with x-.</summary>
    private static void ExtensionsOnly(Utf8JsonWriter w)
    {
        w.WriteStartObject("patternProperties"); w.WriteStartObject("^x-"); w.WriteEndObject(); w.WriteEndObject();
        w.WriteBoolean("additionalProperties", false);
    }
}
