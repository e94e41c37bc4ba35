using Callytics.Compiler.Binding.Fields;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Binding;

/// <summary>
/// Turns a loaded JSON document into a <see cref="BoundFlow"/>, checking it against the schema on
/// the way (types, required and unknown properties, ranges, formats). Everything it reports is a
/// CFL1xxx diagnostic; graph rules come later, in the validator.
/// </summary>
public static class Binder
{
    private static readonly string[] DocumentRequired = ["schemaVersion", "id", "nodes", "edges"];
    private static readonly string[] DocumentOptional = ["$schema", "name", "description", "layout"];
    private static readonly string[] NodeRequired = ["id", "type"];
    private static readonly string[] NodeOptional = ["label", "config"];
    private static readonly string[] EdgeRequired = ["source", "target"];
    private static readonly string[] EdgeOptional = ["id", "sourceHandle", "targetHandle"];

    /// <summary>The schema version this compiler reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Binds a document; returns null when there is no JSON object to bind (already reported).</summary>
    public static BoundFlow? Bind(LoadedDocument document)
    {
        var bag = document.Diagnostics;
        if (document.Root is null) return null;
        if (document.Root is not JsonObject root)
        {
            bag.ReportWrongType(document.Root, null, "the document", "a flow object");
            return null;
        }

        var context = new BindContext(bag, null, new NodeFacts());
        ObjectShape.Check(root, "the flow", DocumentRequired, DocumentOptional, context);

        BindSchemaVersion(root, bag);
        var flowId = BindFlowId(root, bag);
        var name = OptionalString(root, "name", context) ?? flowId;
        var description = OptionalString(root, "description", context) ?? "";
        OptionalString(root, "$schema", context);

        var declared = new HashSet<string>(StringComparer.Ordinal);
        var nodes = BindNodes(root["nodes"], bag, declared);
        var edges = BindEdges(root["edges"], bag);
        var layout = BindLayout(root["layout"], bag);
        return new BoundFlow(document.Source, root, flowId, name, description, nodes, edges, layout, declared);
    }

    private static void BindSchemaVersion(JsonObject root, DiagnosticBag bag)
    {
        var node = root["schemaVersion"];
        if (node is null) return;
        if (node is not JsonNumber n) { bag.ReportWrongType(node, null, "schemaVersion", "the number 1"); return; }
        if (!n.TryGetInt64(out var v) || v != SchemaVersion) bag.ReportUnsupportedSchemaVersion(node, n.Text);
    }

    private static string BindFlowId(JsonObject root, DiagnosticBag bag)
    {
        var node = root["id"];
        if (node is null) return "";
        if (node is not JsonString s) { bag.ReportWrongType(node, null, "id", "a string"); return ""; }
        if (!Identifiers.IsFlowId(s.Value)) { bag.ReportInvalidFlowId(node, s.Value); return ""; }
        return s.Value;
    }

    private static string? OptionalString(JsonObject obj, string key, BindContext context)
    {
        var node = obj[key];
        if (node is null) return null;
        if (node is JsonString s) return s.Value;
        context.Diagnostics.ReportWrongType(node, context.NodeId, key, "a string");
        return null;
    }

    private static List<BoundNode> BindNodes(JsonNode? nodesSyntax, DiagnosticBag bag, HashSet<string> declared)
    {
        var nodes = new List<BoundNode>();
        if (nodesSyntax is null) return nodes;
        if (nodesSyntax is not JsonArray array) { bag.ReportWrongType(nodesSyntax, null, "nodes", "an array of nodes"); return nodes; }
        for (var i = 0; i < array.Items.Count; i++)
        {
            if (array.Items[i] is not JsonObject obj) { bag.ReportWrongType(array.Items[i], null, "a node", "an object"); continue; }
            if (BindNode(obj, i, bag, declared) is { } node) nodes.Add(node);
        }
        return nodes;
    }

    private static BoundNode? BindNode(JsonObject obj, int index, DiagnosticBag bag, HashSet<string> declared)
    {
        string? id = null;
        if (obj["id"] is JsonString idNode)
        {
            id = idNode.Value;
            declared.Add(id);
            if (!Identifiers.IsNodeId(id)) { bag.ReportInvalidNodeId(idNode, id); id = null; }
        }
        else if (obj["id"] is { } badId)
        {
            bag.ReportWrongType(badId, null, "id", "a string");
        }

        var context = new BindContext(bag, id, new NodeFacts());
        var shapeOk = ObjectShape.Check(obj, id is null ? "a node" : $"node '{id}'", NodeRequired, NodeOptional, context);
        var label = OptionalString(obj, "label", context) ?? "";

        NodeType? type = null;
        if (obj["type"] is JsonString typeNode)
        {
            type = NodeRegistry.Find(typeNode.Value);
            if (type is null) bag.ReportUnknownNodeType(typeNode, id, typeNode.Value, NodeRegistry.Names);
        }
        else if (obj["type"] is { } badType)
        {
            bag.ReportWrongType(badType, id, "type", "a node type name");
        }
        if (id is null || type is null) return null;

        var config = BindConfig(obj, type, context);
        foreach (var variable in type.Sets) context.Facts.Writes.Add(new VariableUse(variable, obj));
        var info = new NodeInfo(id, type, label, obj, index, context.Facts, HasErrors: false);
        var node = type.Bind(info, config, context);
        return context.HasErrors || !shapeOk ? node with { Info = info with { HasErrors = true } } : node;
    }

    private static ConfigValues BindConfig(JsonObject nodeSyntax, NodeType type, BindContext context)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var configSyntax = nodeSyntax["config"];
        JsonObject? config = null;
        if (configSyntax is JsonObject c)
        {
            config = c;
        }
        else if (configSyntax is not null)
        {
            context.Diagnostics.ReportWrongType(configSyntax, context.NodeId, "config", "an object");
            context.HasErrors = true;
        }

        var where = (JsonNode?)config ?? nodeSyntax;
        if (config is not null)
        {
            foreach (var property in config.Properties)
            {
                var key = property.Key!;
                if (key.StartsWith("x-", StringComparison.Ordinal)) continue;
                var field = type.FindField(key);
                if (field is null)
                {
                    context.Diagnostics.ReportUnknownProperty(property, context.NodeId, type.Fields.Select(f => f.Name));
                    context.HasErrors = true;
                    continue;
                }
                values[key] = field.Type.Bind(property, key, context);
            }
        }
        foreach (var field in type.Fields)
        {
            if (field.Required && config?[field.Name] is null)
            {
                context.Diagnostics.ReportMissingProperty(where, context.NodeId, $"config of {type.Name} '{context.NodeId}'", field.Name);
                context.HasErrors = true;
            }
        }
        return new ConfigValues(type, values, config);
    }

    private static List<BoundEdge> BindEdges(JsonNode? edgesSyntax, DiagnosticBag bag)
    {
        var edges = new List<BoundEdge>();
        if (edgesSyntax is null) return edges;
        if (edgesSyntax is not JsonArray array) { bag.ReportWrongType(edgesSyntax, null, "edges", "an array of edges"); return edges; }
        foreach (var item in array.Items)
        {
            if (item is not JsonObject obj) { bag.ReportWrongType(item, null, "an edge", "an object"); continue; }
            var context = new BindContext(bag, null, new NodeFacts());
            if (!ObjectShape.Check(obj, "an edge", EdgeRequired, EdgeOptional, context)) continue;
            var source = ObjectShape.String(obj, "source", "source", context);
            var target = ObjectShape.String(obj, "target", "target", context);
            OptionalString(obj, "id", context);
            var handle = NullableString(obj, "sourceHandle", context) ?? "next";
            NullableString(obj, "targetHandle", context);
            if (source is null || target is null || context.HasErrors) continue;
            edges.Add(new BoundEdge(source, target, handle, obj));
        }
        return edges;
    }

    private static string? NullableString(JsonObject obj, string key, BindContext context)
    {
        var node = obj[key];
        if (node is null or JsonNull) return null;
        if (node is JsonString s) return s.Value;
        context.Diagnostics.ReportWrongType(node, null, key, "a string or null");
        context.HasErrors = true;
        return null;
    }

    private static List<JsonNode> BindLayout(JsonNode? layoutSyntax, DiagnosticBag bag)
    {
        var layout = new List<JsonNode>();
        if (layoutSyntax is null) return layout;
        if (layoutSyntax is not JsonObject obj) { bag.ReportWrongType(layoutSyntax, null, "layout", "an object of node positions"); return layout; }
        foreach (var entry in obj.Properties)
        {
            if (entry.Key!.StartsWith("x-", StringComparison.Ordinal)) continue;
            if (entry is not JsonObject point) { bag.ReportWrongType(entry, null, entry.Key!, "a position { \"x\": …, \"y\": … }"); continue; }
            var context = new BindContext(bag, null, new NodeFacts());
            if (!ObjectShape.Check(point, $"layout of '{entry.Key}'", ["x", "y"], [], context)) continue;
            foreach (var axis in new[] { "x", "y" })
                if (point[axis] is not JsonNumber) bag.ReportWrongType(point[axis]!, null, axis, "a number");
            layout.Add(entry);
        }
        return layout;
    }
}
