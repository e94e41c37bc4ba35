using Callytics.Compiler.Binding;

namespace Callytics.Compiler.Emit.Nodes;

/// <summary>The one list of node emitters; a test checks that every node type in <see cref="NodeRegistry"/> has one.</summary>
public static class NodeEmitters
{
    /// <summary>Every emitter.</summary>
    public static IReadOnlyList<NodeEmitter> All { get; } =
    [
        new StartEmitter(), new PlayAudioEmitter(), new GetDigitsEmitter(), new MenuEmitter(), new BusinessHoursEmitter(),
        new TransferEmitter(), new HuntGroupEmitter(), new QueueEmitter(), new QueueStatusEmitter(), new QueueLoginEmitter(), new ConferenceEmitter(),
        new CallbackEmitter(), new VoicemailEmitter(), new WebhookEmitter(), new HttpRequestEmitter(), new SetVariableEmitter(),
        new BranchEmitter(), new SubflowEmitter(), new ReturnEmitter(), new GotoFlowEmitter(), new HangupEmitter(),
    ];

    private static readonly Dictionary<string, NodeEmitter> ByType = All.ToDictionary(e => e.NodeType, StringComparer.Ordinal);

    /// <summary>The emitter for a node.</summary>
    public static NodeEmitter For(BoundNode node) =>
        ByType.TryGetValue(node.Type.Name, out var emitter) ? emitter : throw new InvalidOperationException($"No emitter for node type '{node.Type.Name}'.");
}
