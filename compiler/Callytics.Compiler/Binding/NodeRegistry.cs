using Callytics.Compiler.Binding.Nodes;

namespace Callytics.Compiler.Binding;

/// <summary>
/// The one list of node types the compiler knows. Adding a node type starts here
/// (docs/adding-a-node-type.md has the whole checklist).
/// </summary>
public static class NodeRegistry
{
    /// <summary>Every node type, in catalogue order (flow-language.md §2).</summary>
    public static IReadOnlyList<NodeType> All { get; } =
    [
        new StartNodeType(),
        new PlayAudioNodeType(),
        new GetDigitsNodeType(),
        new MenuNodeType(),
        new BusinessHoursNodeType(),
        new TransferNodeType(),
        new HuntGroupNodeType(),
        new QueueNodeType(),
        new QueueStatusNodeType(),
        new QueueLoginNodeType(),
        new ConferenceNodeType(),
        new CallbackNodeType(),
        new VoicemailNodeType(),
        new WebhookNodeType(),
        new HttpRequestNodeType(),
        new SetVariableNodeType(),
        new BranchNodeType(),
        new SubflowNodeType(),
        new ReturnNodeType(),
        new GotoFlowNodeType(),
        new HangupNodeType(),
    ];

    private static readonly Dictionary<string, NodeType> ByName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Finds a node type by its JSON name.</summary>
    public static NodeType? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The type names, for "did you mean" and the schema.</summary>
    public static IEnumerable<string> Names => All.Select(t => t.Name);

    /// <summary>The node type of a bound record type (for the emitter and tests).</summary>
    public static NodeType Of<TNode>() where TNode : BoundNode => All.Single(t => t.GetType().Name == typeof(TNode).Name + "Type");
}
