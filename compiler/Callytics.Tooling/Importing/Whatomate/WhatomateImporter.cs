using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>
/// Reads Whatomate IVR flows: the record its API returns (internal/models/call.go <c>IVRFlow</c>:
/// <c>{ id, name, description, menu, ... }</c>) or its <c>menu</c> alone, the version-2 graph
/// <c>{ version: 2, entry_node, nodes: [{ id, type, label, position, config }], edges: [{ from, to,
/// condition }] }</c> (internal/flowgraph/flowgraph.go). Whatomate has no start node; the import
/// adds one leading to <c>entry_node</c>.
/// </summary>
public sealed class WhatomateImporter : SourceImporter
{
    /// <summary>The only graph version Whatomate runs (internal/calling/ivr.go runIVRFlow; handlers/ivr_flows.go validateFlowGraph).</summary>
    public const int SupportedVersion = 2;

    // The record's bookkeeping: who, when, which account; nothing a call does.
    private static readonly string[] RecordKeys =
    [
        "created_at", "updated_at", "deleted_at", "organization_id", "organization", "whatsapp_account", "is_active",
        "is_call_start", "is_outgoing_end", "created_by_id", "updated_by_id", "created_by", "updated_by",
    ];

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
    public override EdgeRouting Routing { get; } = new WhatomateRouting();

    /// <inheritdoc />
    protected override ImportedFlow? Read(ConfigReader document, JsonObject root, ImportSession session, string path)
    {
        var name = document.String("name");
        var description = document.String("description");
        var graph = root;
        var reader = document;
        if (document.Take("menu") is JsonObject menu)
        {
            document.Ignore(RecordKeys);
            if (document.Take("welcome_audio_url") is JsonString { Value.Length: > 0 } welcome) document.Unmapped(welcome);
            graph = menu;
            reader = document.Nested(menu);
        }
        else if (root["menu"] is { } notGraph)
        {
            document.Diagnostics.ReportImportInvalidDocument(notGraph, Product, "'menu' must be the flow graph object");
            return null;
        }
        // The id is read once the graph is known to be Whatomate's, so that another product's id is not reported as well.
        var flow = ReadGraph(reader, graph, session, () => ImportSession.FlowId(document, "id", name, path), name, description);
        if (flow is not null && !ReferenceEquals(reader, document)) reader.Finish();
        return flow;
    }

    private ImportedFlow? ReadGraph(ConfigReader reader, JsonObject graph, ImportSession session, Func<string> flowId, string? name, string? description)
    {
        if (!CheckVersion(reader, graph, session)) return null;
        var id = flowId();
        var nodes = RequiredList(reader, graph, "nodes");
        var edges = reader.Take("edges") switch
        {
            null => null,
            JsonArray list => list,
            var other => Invalid(other, session, "'edges' must be a list"),
        };
        var entry = reader.Take("entry_node");
        if (nodes is null || (edges is null && graph["edges"] is not null)) return null;
        AddNodes(session, nodes.Items, "id", (node, _) => LayoutMapper.FromObject(node, "position"));
        if (edges is not null) AddEdges(session, edges, "from", "to", edge => (edge.String("condition"), null));
        AddStart(entry, nodes, edges, session, graph);
        return session.Build(id, name ?? id, description);
    }

    /// <summary>
    /// The start node leads to <c>entry_node</c>. When the graph names none, Whatomate does not run
    /// it (ivr.go runIVRFlow); its editor would have named the first node that no edge enters, else
    /// the first node (IVRFlowEditorView.vue toFlowData), so the import takes that one, with a note.
    /// </summary>
    private void AddStart(JsonNode? entry, JsonArray nodes, JsonArray? edges, ImportSession session, JsonObject graph)
    {
        if (entry is JsonString { Value.Length: > 0 } named)
        {
            if (!session.AddStart(named.Value))
                session.Diagnostics.ReportImportInvalidDocument(named, Product, $"the entry node '{named.Value}' is not among the imported nodes");
            return;
        }
        var entered = edges?.Items.OfType<JsonObject>().Select(e => Text(e, "to")?.Value).ToHashSet() ?? [];
        var first = session.SourceIds.FirstOrDefault(n => !entered.Contains(n) && session.HasNode(n)) ?? session.SourceIds.FirstOrDefault(session.HasNode);
        if (first is null) return;
        session.AddStart(first);
        new ConfigReader(graph, first, session.Diagnostics).Adapted(entry ?? graph, "entry_node",
            $"the graph names no entry node, which Whatomate does not run; the import starts where its editor would have: '{first}'");
    }

    private bool CheckVersion(ConfigReader document, JsonObject root, ImportSession session)
    {
        var version = document.Take("version");
        if (version is JsonNumber n && n.TryGetInt64(out var v) && v == SupportedVersion) return true;
        var problem = version is null ? "'version' is missing" : $"version {(version as JsonNumber)?.Text ?? version.KindDescription} is not supported; this importer reads version {SupportedVersion}";
        session.Diagnostics.ReportImportInvalidDocument(version ?? root, Product, problem);
        return false;
    }

    private JsonArray? Invalid(JsonNode at, ImportSession session, string problem)
    {
        session.Diagnostics.ReportImportInvalidDocument(at, Product, problem);
        return null;
    }
}
