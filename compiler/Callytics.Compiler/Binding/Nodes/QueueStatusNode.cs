using Callytics.Compiler.Binding.Fields;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Routes on a queue's live state: operators logged in, the queue busy or not.</summary>
/// <param name="Queue">The queue id.</param>
/// <param name="BusyWhenWaiting">Callers waiting at or above which the queue counts as busy, or null.</param>
/// <param name="BusyWhenWaitMs">Estimated wait at or above which the queue counts as busy, or null.</param>
public sealed record QueueStatusNode(NodeInfo Info, string Queue, int? BusyWhenWaiting, int? BusyWhenWaitMs) : BoundNode(Info);

internal sealed class QueueStatusNodeType : NodeType
{
    public override string Name => "queue_status";
    public override string Description =>
        "Routes on a queue's live state without waiting; sets queue_waiting, queue_operators_free and queue_estimated_wait_s.";
    public override bool Waits => false;
    // Set by QueueStatusLogic.Decide in the runtime.
    public override IReadOnlyList<string> Sets { get; } = ["queue_waiting", "queue_operators_free", "queue_estimated_wait_s"];
    public override IReadOnlyList<ConfigField> Fields { get; } =
    [
        Field.Required("queue", new TextField(TextKind.QueueId), "The queue id."),
        new("busy_when_waiting", new IntegerField(1, 100_000), "Callers waiting at or above which the queue counts as busy."),
        Field.Milliseconds("busy_when_wait_ms", "Estimated wait (how long the first waiting caller has waited) at or above which the queue counts as busy.", null, 1_000, 86_400_000),
    ];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) =>
    [
        new("staffed", true),
        new("busy", false, "leaves through 'staffed'"),
        new("unstaffed", true),
    ];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new QueueStatusNode(info, config.Text("queue"), config.IntOrNull("busy_when_waiting"), config.IntOrNull("busy_when_wait_ms"));
}
