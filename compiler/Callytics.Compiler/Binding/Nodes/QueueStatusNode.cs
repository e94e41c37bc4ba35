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
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<string> Queue = Field.Required("queue", new TextField(TextKind.QueueId), "The queue id.");
        public static readonly ConfigField<int?> BusyWhenWaiting = Field.IntegerOrNull("busy_when_waiting", "Callers waiting at or above which the queue counts as busy.", 1, 100_000);
        public static readonly ConfigField<int?> BusyWhenWaitMs = Field.MillisecondsOrNull("busy_when_wait_ms", "Estimated wait (how long the first waiting caller has waited) at or above which the queue counts as busy.", 1_000, 86_400_000);
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Queue, Config.BusyWhenWaiting, Config.BusyWhenWaitMs];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) =>
    [
        new("staffed", true),
        new("busy", false, "leaves through 'staffed'"),
        new("unstaffed", true),
    ];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new QueueStatusNode(info, (config.Get(Config.Queue) ?? ""), config.Get(Config.BusyWhenWaiting), config.Get(Config.BusyWhenWaitMs));
}
