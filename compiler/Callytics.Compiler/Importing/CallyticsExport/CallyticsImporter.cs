using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Reads Callytics exports: <c>{ name, nodes: [{ nodeKey, type, label, positionX, positionY, config }],
/// edges: [{ sourceNodeKey, targetNodeKey, branchKey, condition, sourceHandle, targetHandle }] }</c>.
/// </summary>
public sealed class CallyticsImporter : SourceImporter
{
    /// <summary>The prefix under which a menu branch key travels from the edge to the menu mapping.</summary>
    public const string BranchPrefix = "branch:";

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
    ], "group");

    /// <inheritdoc />
    protected override ImportedFlow? Read(ConfigReader document, JsonObject root, ImportSession session, string path)
    {
        var nodes = RequiredList(document, root, "nodes");
        var edges = RequiredList(document, root, "edges");
        var name = document.String("name");
        var description = document.String("description");
        var id = ImportSession.FlowId(document, "id", name, path);
        if (nodes is null || edges is null) return null;
        AddNodes(session, nodes, "nodeKey", node => LayoutMapper.FromCoordinates(node, "positionX", "positionY"));
        AddEdges(session, edges, "sourceNodeKey", "targetNodeKey", Output);
        return session.Build(id, name ?? id, description);
    }

    /// <summary>
    /// A Callytics edge says where it leaves in one of three keys: a menu's <c>branchKey</c>, a
    /// <c>condition</c> (timeout, invalid, ...) or the canvas <c>sourceHandle</c> (open/closed, ...).
    /// The first one set wins. <c>targetHandle</c> and the edge <c>id</c> carry no meaning
    /// (every node has one input; edge ids are not needed), so they are read and let go.
    /// </summary>
    private static (JsonNode? Syntax, string Name) Output(ConfigReader edge, JsonObject obj)
    {
        edge.Take("targetHandle");
        edge.Take("id");
        var branch = edge.String("branchKey");
        var condition = edge.String("condition");
        var handle = edge.String("sourceHandle");
        if (!string.IsNullOrEmpty(branch)) return (obj["branchKey"], BranchPrefix + branch);
        if (!string.IsNullOrEmpty(condition)) return (obj["condition"], condition);
        if (!string.IsNullOrEmpty(handle)) return (obj["sourceHandle"], handle);
        return (null, NodeMapping.Unnamed);
    }
}
