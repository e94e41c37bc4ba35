using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Reads Callytics flows in the shape its backend returns and accepts
/// (backend/src/flows/flows.service.ts:25-61, <c>FlowDetailResponse</c>; dto/flow-node.dto.ts,
/// dto/flow-edge.dto.ts): <c>{ name, description, slug, nodes: [{ nodeKey, type, label, positionX,
/// positionY, config, groupId }], edges: [{ sourceNodeKey, targetNodeKey, branchKey, condition,
/// sourceHandle, targetHandle }] }</c>. <c>group</c> nodes are canvas frames: they become layout
/// groups, and the positions of the nodes inside them (relative to the frame, as React Flow keeps
/// them) become absolute.
/// </summary>
public sealed class CallyticsImporter : SourceImporter
{
    private const string GroupType = "group";

    /// <inheritdoc />
    public override string Name => "callytics";

    /// <inheritdoc />
    public override string Product => "Callytics";

    /// <inheritdoc />
    public override NodeMappingTable Mappings { get; } = new(
    [
        new StartMapping(), new PlayAudioMapping(), new GetDigitsMapping(), new MenuMapping(), new BusinessHoursMapping(),
        new TransferMapping(), new HuntMapping(), new QueueMapping(), new QueueLoginMapping(), new ConferenceMapping(),
        new CallbackMapping(), new VoicemailMapping(), new WebhookMapping(), new HangupMapping(),
    ]);

    /// <inheritdoc />
    public override EdgeRouting Routing { get; } = new CallyticsRouting();

    /// <inheritdoc />
    protected override ImportedFlow? Read(ConfigReader document, JsonObject root, ImportSession session, string path)
    {
        var nodes = RequiredList(document, root, "nodes");
        var edges = RequiredList(document, root, "edges");
        var name = document.String("name");
        var description = document.String("description");
        // The numeric id is the database row; the slug is the flow's name in URLs, the nearest to a flow id.
        document.Ignore("id", "parentFlowId", "parentNodeKey", "parentBranchKey", "createdAt", "updatedAt", "versionId", "versionNumber", "status");
        var id = ImportSession.FlowId(document, "slug", name, path);
        if (document.Array("subflows") is { Items.Count: > 0 } subflows)
            document.Adapted(subflows, "subflows", "submenu flows are separate Callytics flows; export and import each of them on its own");
        if (nodes is null || edges is null) return null;

        var groups = ReadGroups(nodes, session);
        AddNodes(session, nodes.Items.Where(n => !IsGroup(n)), "nodeKey", (node, _) => Position(node, groups));
        AddGroupMembers(nodes, groups, session);
        AddEdges(session, edges, "sourceNodeKey", "targetNodeKey", EdgeKeys);
        AddStartWhenMissing(nodes, session);
        return session.Build(id, name ?? id, description);
    }

    private static bool IsGroup(JsonNode node) => node is JsonObject obj && Text(obj, "type")?.Value == GroupType;

    /// <summary>The group frames, by node key (Callytics never runs them: nodes/index.ts:1078-1081).</summary>
    private static Dictionary<string, LayoutGroup> ReadGroups(JsonArray nodes, ImportSession session)
    {
        var groups = new Dictionary<string, LayoutGroup>(StringComparer.Ordinal);
        foreach (var obj in nodes.Items.Where(IsGroup).Cast<JsonObject>())
        {
            if (Text(obj, "nodeKey") is not { } key) continue;
            var reader = new ConfigReader(obj, key.Value, session.Diagnostics);
            reader.Ignore("nodeKey", "type", "id", "groupId", "subflowId");
            var label = reader.String("label") ?? "";
            var at = LayoutMapper.FromCoordinates(reader, "positionX", "positionY") ?? new LayoutPoint(0, 0);
            double? width = null, height = null;
            if (reader.Object("config") is { } config)
            {
                var size = reader.Nested(config);
                width = size.Number("width");
                height = size.Number("height");
                size.Finish();
            }
            reader.Finish();
            var group = new LayoutGroup(IdShape.Node.Fit(key.Value), label, at, width, height);
            if (groups.TryAdd(key.Value, group)) session.AddGroup(group);
        }
        return groups;
    }

    /// <summary>A node's canvas position; inside a frame React Flow keeps it relative to the frame.</summary>
    private static LayoutPoint? Position(ConfigReader node, Dictionary<string, LayoutGroup> groups)
    {
        node.Ignore("id");
        if (node.Take("subflowId") is { } subflow)
            node.Adapted(subflow, "subflowId", "the menu's submenus live in another Callytics flow; import that flow on its own and connect it with a subflow node");
        var at = LayoutMapper.FromCoordinates(node, "positionX", "positionY");
        switch (node.Take("groupId"))
        {
            case null:
                return at;
            case JsonString g when groups.TryGetValue(g.Value, out var group):
                return at is { } p ? new LayoutPoint(p.X + group.Position.X, p.Y + group.Position.Y) : null;
            case var other:
                node.Unmapped(other);
                return at;
        }
    }

    /// <summary>Puts every imported node that names a frame in its <c>groupId</c> into that frame.</summary>
    private static void AddGroupMembers(JsonArray nodes, Dictionary<string, LayoutGroup> groups, ImportSession session)
    {
        foreach (var obj in nodes.Items.OfType<JsonObject>())
            if (Text(obj, "groupId") is { } g && groups.TryGetValue(g.Value, out var group) && Text(obj, "nodeKey") is { } key)
                session.AddToGroup(group, key.Value);
    }

    /// <summary>
    /// An edge leaves on its <c>condition</c> when it has one, else on its <c>branchKey</c>, which
    /// the loader reads as "default" when it is null or empty (stasis/src/flowLoader.ts:109).
    /// <c>sourceHandle</c> only tells the editor where to draw the edge and <c>targetHandle</c>
    /// which side it enters (migration 037_phase40_edge_handles.sql); the runtime never reads them.
    /// </summary>
    private static (string? Condition, string? BranchKey) EdgeKeys(ConfigReader edge)
    {
        edge.Ignore("id", "sourceHandle", "targetHandle");
        var condition = edge.String("condition");
        var branchKey = edge.String("branchKey");
        return (condition, string.IsNullOrEmpty(branchKey) ? CallyticsRouting.Default : branchKey);
    }

    /// <summary>
    /// Callytics enters a flow at its start node (stasis/src/runtime.ts:77-79; its loader refuses a
    /// flow without one, flowLoader.ts:97-99, else the first node). A flow without one gets a
    /// start node leading to the first node, and a note that says so.
    /// </summary>
    private static void AddStartWhenMissing(JsonArray nodes, ImportSession session)
    {
        var objects = nodes.Items.OfType<JsonObject>().Where(n => !IsGroup(n)).ToList();
        if (objects.Any(n => Text(n, "type")?.Value == "start")) return;
        var first = objects.FirstOrDefault(n => Text(n, "nodeKey") is { } key && session.HasNode(key.Value));
        if (first is null) return;
        var key = Text(first, "nodeKey")!;
        session.AddStart(key.Value);
        new ConfigReader(first, key.Value, session.Diagnostics).Adapted(key, "start",
            "the export has no start node; Callytics refuses to load such a flow (flowLoader.ts:97-99) and would otherwise enter its first node (runtime.ts:77-79), so the import adds a start node leading here");
    }
}
