using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing;

/// <summary>
/// The product-neutral half of an import: the product's importer reads its document shape into
/// <see cref="SourceNode"/>s and <see cref="SourceEdge"/>s, and this class maps them through the
/// product's <see cref="NodeMappingTable"/> and <see cref="EdgeRouting"/>: ids, config, layout,
/// and for every result a node can end with, the edge the product's runtime would follow. Edges
/// the product never follows, and results it has no edge for, get a located note; nothing is
/// dropped silently.
/// </summary>
public sealed class ImportSession
{
    private const string WebhookType = "webhook";
    private const double StartOffset = 140;

    private readonly NodeMappingTable _table;
    private readonly EdgeRouting _routing;
    private readonly Dictionary<string, MappedNode> _bySourceId = new(StringComparer.Ordinal);
    private readonly HashSet<string> _leftOut = new(StringComparer.Ordinal);
    private readonly List<MappedNode> _nodes = [];
    private readonly List<SourceEdge> _edges = [];
    private readonly List<LayoutGroup> _groups = [];
    private readonly NodeIdMap _ids = new();
    private (string Target, LayoutPoint? Below)? _start;

    /// <summary>Starts an import of one document.</summary>
    public ImportSession(string product, NodeMappingTable table, EdgeRouting routing, ImportOptions options, DiagnosticBag diagnostics)
    {
        Product = product;
        _table = table;
        _routing = routing;
        Options = options;
        Diagnostics = diagnostics;
    }

    /// <summary>The source product's name, for messages.</summary>
    public string Product { get; }

    /// <summary>The command-line choices.</summary>
    public ImportOptions Options { get; }

    /// <summary>Where findings go (located in the source document).</summary>
    public DiagnosticBag Diagnostics { get; }

    /// <summary>The source ids of the nodes added so far, in document order (left-out ones included).</summary>
    public List<string> SourceIds { get; } = [];

    /// <summary>True when a node of this source id was imported.</summary>
    public bool HasNode(string sourceId) => _bySourceId.ContainsKey(sourceId);

    /// <summary>Maps one node, or reports that its type has no equivalent.</summary>
    public void AddNode(SourceNode source, JsonNode nodeSyntax)
    {
        SourceIds.Add(source.Id);
        var mapping = _table.Find(source.Type);
        if (mapping is null)
        {
            // The whole node is left out with one finding; its keys are not listed one by one.
            Diagnostics.ReportImportUnknownNodeType(source.TypeSyntax, source.Id, source.Type);
            _leftOut.Add(source.Id);
            return;
        }
        var id = _ids.Assign(source.Id, source.IdSyntax, source.Reader);
        var config = new Out.JsonObject();
        var reader = new ConfigReader(source.Config, id, Diagnostics);
        var context = new NodeMappingContext(reader, config, Options, source.Config ?? nodeSyntax);
        mapping.MapConfig(context);
        reader.Finish();
        source.Reader.Finish();
        var node = new MappedNode(source, mapping, id, config, context.Routes);
        _nodes.Add(node);
        _bySourceId.TryAdd(source.Id, node);
    }

    /// <summary>Adds a canvas frame; its member nodes are added with <see cref="AddToGroup"/>.</summary>
    public void AddGroup(LayoutGroup group) => _groups.Add(group);

    /// <summary>Draws the node imported from <paramref name="sourceId"/> inside the frame <paramref name="group"/>.</summary>
    public void AddToGroup(LayoutGroup group, string sourceId)
    {
        if (_bySourceId.TryGetValue(sourceId, out var node) && !group.Nodes.Contains(node.Id)) group.Nodes.Add(node.Id);
    }

    /// <summary>Records one edge, or reports why it cannot be (CFL6003). Call after every node is added.</summary>
    public void AddEdge(SourceEdge edge)
    {
        if (Endpoint(edge, edge.From, "source") && Endpoint(edge, edge.To, "target")) _edges.Add(edge);
    }

    /// <summary>
    /// Adds the start node a flow without one implies, leading to the node imported from
    /// <paramref name="entry"/> and drawn above it. Returns false when that node was not imported.
    /// </summary>
    public bool AddStart(string entry)
    {
        if (!_bySourceId.TryGetValue(entry, out var target)) return false;
        _start = (target.Id, target.Source.Position);
        return true;
    }

    /// <summary>The imported flow: every node's results resolved to edges by the product's routing.</summary>
    public ImportedFlow Build(string flowId, string name, string? description)
    {
        var flow = new ImportedFlow { Id = flowId, Name = name, Description = description };
        if (_start is { } start)
        {
            var id = _ids.Reserve("start");
            flow.Nodes.Add(new ImportedNode(id, "start", "Start", []));
            flow.Edges.Add(new ImportedEdge(id, start.Target, "next"));
            if (start.Below is { } below) flow.Layout.Add(KeyValuePair.Create(id, below with { Y = below.Y - StartOffset }));
        }
        foreach (var node in _nodes)
        {
            flow.Nodes.Add(new ImportedNode(node.Id, node.Mapping.TargetType, node.Source.Label, node.Config));
            if (node.Source.Position is { } position) flow.Layout.Add(KeyValuePair.Create(node.Id, position));
        }
        var hangup = new Lazy<string>(() => AddHangup(flow));
        foreach (var node in _nodes) Route(node, flow, hangup);
        flow.Groups.AddRange(_groups.Where(g => g.Nodes.Count > 0));
        return flow;
    }

    /// <summary>
    /// The flow id: the export's own id when it has one, else its name, else the file name,
    /// fitted to the flow id shape (a change of a written id is reported).
    /// </summary>
    public static string FlowId(ConfigReader document, string idKey, string? name, string path)
    {
        var written = document.Take(idKey);
        if (written is JsonString text) return document.Fit(written, idKey, text.Value, IdShape.Flow);
        if (written is not null) document.Unmapped(written);
        var stem = Path.GetFileName(path);
        var dot = stem.IndexOf('.', StringComparison.Ordinal);
        return IdShape.Flow.Fit(!string.IsNullOrWhiteSpace(name) ? name : dot > 0 ? stem[..dot] : stem);
    }

    /// <summary>Turns the node's results into edges, the way the product's runtime routes them.</summary>
    private void Route(MappedNode node, ImportedFlow flow, Lazy<string> hangup)
    {
        var type = node.Mapping.SourceType;
        var outgoing = new List<SourceEdge>();
        // A node whose source id an earlier node already has gets no edges: they lead from the first (NodeIdMap).
        var owns = ReferenceEquals(_bySourceId[node.Source.Id], node);
        foreach (var edge in _edges.Where(e => owns && e.From == node.Source.Id))
        {
            if (_routing.Unsupported(edge, type) is { } why) Diagnostics.ReportImportUnmappedEdge(edge.KeySyntax, edge.From, edge.To, why);
            else outgoing.Add(edge);
        }
        var carrying = outgoing.Where(e => _bySourceId[e.To].Mapping.TargetType != WebhookType).ToList();
        var webhooks = outgoing.Where(e => _bySourceId[e.To].Mapping.TargetType == WebhookType).ToList();
        var used = new HashSet<SourceEdge>(ReferenceEqualityComparer.Instance);
        var reader = node.Source.Reader;
        foreach (var result in node.Mapping.Results(node.Config))
        {
            var chosen = _routing.Choose(carrying, type, result.Name);
            var routed = result.Output is not null && node.Routes.Any(r => r.Output == result.Output);
            if (chosen is not null)
            {
                used.Add(chosen);
                if (result.Output is null)
                    reader.Adapted(chosen.KeySyntax, $"edge to {chosen.To}",
                        $"{Product} goes on to '{chosen.To}' after '{result.Name}'; '{node.Mapping.TargetType}' ends the call in the flow language, so the call ends here");
                else Connect(flow, node.Id, result.Output, _bySourceId[chosen.To].Id);
            }
            else if (result is { Output: { } output, Required: true } && !routed)
            {
                Connect(flow, node.Id, output, hangup.Value);
                reader.Adapted(node.Source.IdSyntax, $"result {result.Name}",
                    $"{Product} has no edge for it: {_routing.NoEdgeBehaviour(type)}; '{output}' leads to the added hangup node '{hangup.Value}'");
            }
            foreach (var webhook in _routing.Webhooks(webhooks, type, result.Name, chosen))
            {
                used.Add(webhook);
                Connect(flow, node.Id, result.Output ?? "next", _bySourceId[webhook.To].Id);
            }
        }
        foreach (var (output, target, syntax) in node.Routes)
        {
            if (_bySourceId.TryGetValue(target, out var to)) Connect(flow, node.Id, output, to.Id);
            else Diagnostics.ReportImportUnmappedEdge(syntax, node.Source.Id, target, $"'{output}' names '{target}', which is not an imported node");
        }
        foreach (var edge in outgoing.Where(e => !used.Contains(e)))
            reader.Adapted(edge.KeySyntax, $"edge to {edge.To}",
                $"the {Product} runtime never follows '{edge.KeyText}' from a '{type}' node, so this edge was not imported");
    }

    private static void Connect(ImportedFlow flow, string from, string output, string to)
    {
        var edge = new ImportedEdge(from, to, output);
        if (!flow.Edges.Contains(edge)) flow.Edges.Add(edge);
    }

    /// <summary>The hang-up node added where the product ended a call for want of an edge; drawn right of the flow.</summary>
    private string AddHangup(ImportedFlow flow)
    {
        var id = _ids.Reserve("end_call");
        flow.Nodes.Add(new ImportedNode(id, "hangup", "End of call (added by import)", []));
        if (flow.Layout.Count > 0)
            flow.Layout.Add(KeyValuePair.Create(id, new LayoutPoint(flow.Layout.Max(l => l.Value.X) + 260, flow.Layout.Min(l => l.Value.Y))));
        return id;
    }

    private bool Endpoint(SourceEdge edge, string sourceId, string end)
    {
        if (_bySourceId.ContainsKey(sourceId)) return true;
        var why = _leftOut.Contains(sourceId) ? $"its {end} '{sourceId}' was left out" : $"its {end} '{sourceId}' is not a node";
        Diagnostics.ReportImportUnmappedEdge(edge.Syntax, edge.From, edge.To, why);
        return false;
    }

    /// <summary>A node after mapping.</summary>
    private sealed record MappedNode(SourceNode Source, NodeMapping Mapping, string Id, Out.JsonObject Config, IReadOnlyList<(string Output, string Target, JsonNode Syntax)> Routes);
}
