using System.Text.Json;
using System.Text.Json.Nodes;

namespace Callytics.Compiler.Diffing;

/// <summary>
/// Compares two flow documents by meaning: nodes by id, edges by (source, handle, target), config
/// key by key. Formatting, key order of objects (except where it is the order of a list) and the
/// position of nodes in the <c>nodes</c> array do not count; layout moves are listed apart.
/// </summary>
public static class FlowDiffer
{
    private static readonly HashSet<string> NotFlowProperties = ["nodes", "edges", "layout", "$schema"];

    /// <summary>Compares two flow documents given as JSON text.</summary>
    /// <param name="oldJson">The old flow document (its <c>layout</c> is used unless <paramref name="oldLayout"/> is given).</param>
    /// <param name="newJson">The new flow document.</param>
    /// <param name="oldLayout">A separately stored layout object for the old side, or null.</param>
    /// <param name="newLayout">A separately stored layout object for the new side, or null.</param>
    /// <exception cref="FlowDiffException">A document is not a JSON object.</exception>
    public static FlowDiff Compare(string oldJson, string newJson, string? oldLayout = null, string? newLayout = null)
    {
        var before = FlowSide.Parse(oldJson, oldLayout, "old");
        var after = FlowSide.Parse(newJson, newLayout, "new");
        return Compare(before, after);
    }

    private static FlowDiff Compare(FlowSide before, FlowSide after)
    {
        var added = after.Nodes.Keys.Where(id => !before.Nodes.ContainsKey(id)).Order(StringComparer.Ordinal).Select(id => after.Ref(id)).ToList();
        var removed = before.Nodes.Keys.Where(id => !after.Nodes.ContainsKey(id)).Order(StringComparer.Ordinal).Select(id => before.Ref(id)).ToList();
        var changed = new List<NodeChange>();
        foreach (var id in before.Nodes.Keys.Where(after.Nodes.ContainsKey).Order(StringComparer.Ordinal))
        {
            var change = CompareNode(id, before.Nodes[id], after.Nodes[id]);
            if (change is not null) changed.Add(change);
        }
        var edgesAdded = after.Edges.Except(before.Edges).ToList();
        var edgesRemoved = before.Edges.Except(after.Edges).ToList();
        var flowChanges = CompareObjects(Without(before.Root, NotFlowProperties), Without(after.Root, NotFlowProperties), "", flatten: false);
        var moves = new List<LayoutMove>();
        foreach (var id in before.Nodes.Keys.Where(after.Nodes.ContainsKey).Order(StringComparer.Ordinal))
        {
            var (old, @new) = (before.Layout?[id], after.Layout?[id]);
            if (!JsonNode.DeepEquals(old, @new)) moves.Add(new LayoutMove(id, Text(old), Text(@new)));
        }
        return new FlowDiff(added, removed, changed, edgesAdded, edgesRemoved, flowChanges, moves);
    }

    private static NodeChange? CompareNode(string id, JsonObject before, JsonObject after)
    {
        var fields = CompareObjects(Without(before, ["id", "config"]), Without(after, ["id", "config"]), "", flatten: false);
        var config = CompareObjects(before["config"] as JsonObject ?? [], after["config"] as JsonObject ?? [], "", flatten: true);
        if (fields.Count == 0 && config.Count == 0) return null;
        return new NodeChange(id, after["type"] is JsonValue t && t.TryGetValue<string>(out var type) ? type : null, fields, config);
    }

    /// <summary>Differences key by key; nested objects become dotted keys when <paramref name="flatten"/>.</summary>
    private static List<ValueChange> CompareObjects(JsonObject before, JsonObject after, string prefix, bool flatten)
    {
        var changes = new List<ValueChange>();
        var keys = before.Select(p => p.Key).Union(after.Select(p => p.Key)).Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var (old, @new) = (before[key], after[key]);
            var path = prefix + key;
            if (JsonNode.DeepEquals(old, @new)) continue;
            if (flatten && old is JsonObject o && @new is JsonObject n)
                changes.AddRange(CompareObjects(o, n, path + ".", flatten));
            else
                changes.Add(new ValueChange(path, before.ContainsKey(key) ? Text(old) ?? "null" : null, after.ContainsKey(key) ? Text(@new) ?? "null" : null));
        }
        return changes;
    }

    private static JsonObject Without(JsonObject obj, IReadOnlyCollection<string> keys)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
            if (!keys.Contains(key) && !key.StartsWith("x-", StringComparison.Ordinal))
                copy[key] = value?.DeepClone();
        return copy;
    }

    private static string? Text(JsonNode? node) => node?.ToJsonString();

    /// <summary>One side of the comparison, indexed.</summary>
    private sealed record FlowSide(JsonObject Root, Dictionary<string, JsonObject> Nodes, IReadOnlyList<EdgeRef> Edges, JsonObject? Layout)
    {
        public NodeRef Ref(string id) => new(id, Str(Nodes[id]["type"]), Str(Nodes[id]["label"]));

        public static FlowSide Parse(string json, string? layoutJson, string side)
        {
            var root = ParseObject(json, side + " flow");
            var layout = layoutJson is null ? root["layout"] as JsonObject : ParseObject(layoutJson, side + " layout");
            var nodes = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var node in (root["nodes"] as JsonArray ?? []).OfType<JsonObject>())
                if (Str(node["id"]) is { } id) nodes.TryAdd(id, node);
            var edges = (root["edges"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(e => (Source: Str(e["source"]), Handle: Str(e["sourceHandle"]), Target: Str(e["target"])))
                .Where(e => e.Source is not null && e.Target is not null)
                .Select(e => new EdgeRef(e.Source!, e.Handle, e.Target!))
                .Distinct()
                .ToList();
            return new FlowSide(root, nodes, edges, layout);
        }

        private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

        private static JsonObject ParseObject(string json, string what)
        {
            try
            {
                return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 256, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                    ?? throw new FlowDiffException($"The {what} is not a JSON object.");
            }
            catch (JsonException e)
            {
                throw new FlowDiffException($"The {what} is not valid JSON: {e.Message}");
            }
        }
    }
}

/// <summary>A document given to <see cref="FlowDiffer"/> could not be read.</summary>
public sealed class FlowDiffException(string message) : Exception(message);
