using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>
/// Reads Whatomate IVR flows: <c>{ version: 2, entry_node, nodes: [{ id, type, label, position, config }],
/// edges: [{ from, to, condition }] }</c>. Whatomate has no start node; the import adds one that
/// leads to <c>entry_node</c>.
/// </summary>
public sealed class WhatomateImporter : SourceImporter
{
    /// <summary>The only document version this importer reads.</summary>
    public const int SupportedVersion = 2;

    /// <inheritdoc />
    public override string Name => "whatomate";

    /// <inheritdoc />
    public override string Product => "Whatomate";

    /// <inheritdoc />
    public override NodeMappingTable Mappings { get; } = new(
    [
        new GreetingMapping(), new MenuMapping(), new GatherMapping(), new HttpCallbackMapping(),
        new TransferMapping(), new GotoFlowMapping(), new TimingMapping(), new HangupMapping(),
    ]);

    /// <inheritdoc />
    protected override ImportedFlow? Read(ConfigReader document, JsonObject root, ImportSession session, string path)
    {
        if (!CheckVersion(document, root, session)) return null;
        var nodes = RequiredList(document, root, "nodes");
        var edges = RequiredList(document, root, "edges");
        var entry = document.Take("entry_node");
        var name = document.String("name");
        var description = document.String("description");
        var id = ImportSession.FlowId(document, "id", name, path);
        if (nodes is null || edges is null) return null;
        AddNodes(session, nodes, "id", node => LayoutMapper.FromObject(node, "position"));
        if (entry is JsonString start) session.AddStart(start.Value, start);
        else session.Diagnostics.ReportImportInvalidDocument(entry ?? root, Product, "'entry_node' must name the node calls begin at");
        AddEdges(session, edges, "from", "to", Output);
        return session.Build(id, name ?? id, description);
    }

    private bool CheckVersion(ConfigReader document, JsonObject root, ImportSession session)
    {
        var version = document.Take("version");
        if (version is JsonNumber n && n.TryGetInt64(out var v) && v == SupportedVersion) return true;
        var problem = version is null ? "'version' is missing" : $"version {(version as JsonNumber)?.Text ?? version.KindDescription} is not supported; this importer reads version {SupportedVersion}";
        session.Diagnostics.ReportImportInvalidDocument(version ?? root, Product, problem);
        return false;
    }

    /// <summary>Whatomate edges name their output in <c>condition</c> (absent: the node's one way on).</summary>
    private static (JsonNode? Syntax, string Name) Output(ConfigReader edge, JsonObject obj) =>
        edge.String("condition") is { Length: > 0 } condition ? (obj["condition"], condition) : (null, NodeMapping.Unnamed);
}
