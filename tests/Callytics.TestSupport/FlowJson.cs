using System.Text;
using System.Text.Json;

namespace Callytics.TestSupport;

/// <summary>Builds small flow documents in tests without pages of JSON: nodes with raw config JSON, edges by handle.</summary>
public sealed class FlowJson(string id = "test-flow")
{
    private readonly List<string> _nodes = [];
    private readonly List<string> _edges = [];

    /// <summary>Adds a node; <paramref name="config"/> is the config object's JSON, or null for none.</summary>
    public FlowJson Node(string nodeId, string type, string? config = null, string? label = null)
    {
        var sb = new StringBuilder($"{{ \"id\": {Q(nodeId)}, \"type\": {Q(type)}");
        if (label is not null) sb.Append($", \"label\": {Q(label)}");
        if (config is not null) sb.Append($", \"config\": {config}");
        _nodes.Add(sb.Append(" }").ToString());
        return this;
    }

    /// <summary>Adds an edge from an output (default <c>next</c>).</summary>
    public FlowJson Edge(string source, string target, string? handle = null)
    {
        _edges.Add(handle is null
            ? $"{{ \"source\": {Q(source)}, \"target\": {Q(target)} }}"
            : $"{{ \"source\": {Q(source)}, \"sourceHandle\": {Q(handle)}, \"target\": {Q(target)} }}");
        return this;
    }

    /// <summary>The flow document.</summary>
    public override string ToString() =>
        $"{{\n  \"schemaVersion\": 1,\n  \"id\": {Q(id)},\n  \"name\": {Q(id)},\n  \"nodes\": [\n    {string.Join(",\n    ", _nodes)}\n  ],\n  \"edges\": [\n    {string.Join(",\n    ", _edges)}\n  ]\n}}\n";

    /// <summary>A JSON string literal.</summary>
    public static string Q(string s) => JsonSerializer.Serialize(s);
}
