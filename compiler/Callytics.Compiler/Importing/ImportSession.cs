using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing;

/// <summary>
/// The product-neutral half of an import: the product's importer reads its document shape into
/// <see cref="SourceNode"/>s and <see cref="SourceEdge"/>s, and this class maps them through the
/// product's <see cref="NodeMappingTable"/>: ids, config, outputs, layout, and a located
/// diagnostic for everything that does not map.
/// </summary>
public sealed class ImportSession
{
    private const string WebhookType = "webhook";

    private readonly NodeMappingTable _table;
    private readonly Dictionary<string, (NodeMapping Mapping, string Id)> _bySourceId = new(StringComparer.Ordinal);
    private readonly HashSet<string> _leftOut = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Node, string Output), string> _connected = [];
    private readonly List<ImportedNode> _nodes = [];
    private readonly List<ImportedEdge> _edges = [];
    private readonly List<KeyValuePair<string, LayoutPoint>> _layout = [];
    private readonly NodeIdMap _ids = new();

    /// <summary>Starts an import of one document.</summary>
    public ImportSession(string product, NodeMappingTable table, DiagnosticBag diagnostics)
    {
        Product = product;
        _table = table;
        Diagnostics = diagnostics;
    }

    /// <summary>The source product's name, for messages.</summary>
    public string Product { get; }

    /// <summary>Where findings go (located in the source document).</summary>
    public DiagnosticBag Diagnostics { get; }

    /// <summary>Maps one node, or reports that its type has no equivalent.</summary>
    public void AddNode(SourceNode source)
    {
        var mapping = _table.Find(source.Type);
        if (mapping is null)
        {
            // The whole node is left out with one finding; its keys are not listed one by one.
            Diagnostics.ReportImportUnknownNodeType(source.TypeSyntax, source.Id, source.Type, _table.IsLayoutOnly(source.Type));
            _leftOut.Add(source.Id);
            return;
        }
        var id = _ids.Assign(source.Id, source.IdSyntax, source.Reader);
        var config = new Out.JsonObject();
        var reader = new ConfigReader(source.Config, id, Diagnostics);
        mapping.MapConfig(reader, config);
        reader.Finish();
        source.Reader.Finish();
        _nodes.Add(new ImportedNode(id, mapping.TargetType, source.Label, config));
        if (source.Position is { } position) _layout.Add(KeyValuePair.Create(id, position));
        _bySourceId.TryAdd(source.Id, (mapping, id));
    }

    /// <summary>Maps one edge, or reports why it cannot be (CFL6003). Call after every node is added.</summary>
    public void AddEdge(SourceEdge edge)
    {
        if (Endpoint(edge, edge.From, "source") is not { } from || Endpoint(edge, edge.To, "target") is not { } to) return;
        var output = from.Mapping.MapOutput(edge.Output);
        if (output is null)
        {
            var name = edge.Output.Length == 0 ? "an edge without an output name" : $"output '{edge.Output}'";
            Diagnostics.ReportImportUnmappedEdge(edge.OutputSyntax, edge.From, edge.To, $"{name} of a {Product} '{from.Mapping.SourceType}' node has no equivalent on '{from.Mapping.TargetType}'");
            return;
        }
        // Webhooks may hang off any output beside the real continuation; everything else leads one way.
        if (to.Mapping.TargetType != WebhookType && !_connected.TryAdd((from.Id, output), to.Id))
        {
            Diagnostics.ReportImportUnmappedEdge(edge.OutputSyntax, edge.From, edge.To, $"output '{output}' of '{from.Id}' already leads to '{_connected[(from.Id, output)]}'");
            return;
        }
        _edges.Add(new ImportedEdge(from.Id, to.Id, output));
    }

    /// <summary>
    /// Adds the start node a product without one implies (Whatomate names an entry node instead),
    /// leading to the node imported from <paramref name="entry"/>, drawn above it.
    /// </summary>
    public void AddStart(string entry, JsonNode entrySyntax)
    {
        var id = _ids.Reserve("start");
        _nodes.Insert(0, new ImportedNode(id, "start", "Start", []));
        if (!_bySourceId.TryGetValue(entry, out var target))
        {
            Diagnostics.ReportImportInvalidDocument(entrySyntax, Product, $"the entry node '{entry}' is not among the imported nodes");
            return;
        }
        _edges.Insert(0, new ImportedEdge(id, target.Id, "next"));
        var below = _layout.FirstOrDefault(l => l.Key == target.Id);
        if (below.Key is not null) _layout.Insert(0, KeyValuePair.Create(id, below.Value with { Y = below.Value.Y - 140 }));
    }

    /// <summary>The imported flow.</summary>
    public ImportedFlow Build(string flowId, string name, string? description)
    {
        var flow = new ImportedFlow { Id = flowId, Name = name, Description = description };
        flow.Nodes.AddRange(_nodes);
        flow.Edges.AddRange(_edges);
        flow.Layout.AddRange(_layout);
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

    private (NodeMapping Mapping, string Id)? Endpoint(SourceEdge edge, string sourceId, string end)
    {
        if (_bySourceId.TryGetValue(sourceId, out var found)) return found;
        var why = _leftOut.Contains(sourceId) ? $"its {end} '{sourceId}' was left out" : $"its {end} '{sourceId}' is not a node";
        Diagnostics.ReportImportUnmappedEdge(edge.Syntax, edge.From, edge.To, why);
        return null;
    }
}
