using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Waits in a queue for an operator.</summary>
/// <param name="Hold">The prompt looped while waiting, or null for music on hold.</param>
public sealed record QueueNode(NodeInfo Info, string Queue, int MaxWaitMs, Prompt? Hold, bool RecordCall) : BoundNode(Info);

internal sealed class QueueNodeType : NodeType
{
    public override string Name => "queue";
    public override string Description => "Puts the caller in a queue until an operator answers.";
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<string> Queue = Field.Required("queue", new TextField(TextKind.QueueId), "The queue id.");
        public static readonly ConfigField<int> MaxWaitMs = Field.Milliseconds("max_wait_ms", "Longest wait before 'timeout'.", 300_000, 1_000, 86_400_000);
        public static readonly ConfigField<object?> Hold = Field.Optional("hold", HoldField.Instance, "\"moh\" for music on hold, or a prompt looped while waiting.", HoldField.Moh);
        public static readonly ConfigField<bool> RecordCall = Field.Boolean("record_call", "Record the conversation with the operator.", false);
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Queue, Config.MaxWaitMs, Config.Hold, Config.RecordCall];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) =>
    [
        new("completed", false, "hangs up"),
        new("timeout", false, "hangs up"),
        new("abandoned", false, "nothing (the caller has hung up; only webhooks may follow)", WebhooksOnly: true),
    ];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new QueueNode(info, (config.Get(Config.Queue) ?? ""), config.Get(Config.MaxWaitMs), HoldField.ToPrompt((config.Get(Config.Hold) ?? HoldField.Moh)), config.Get(Config.RecordCall));
}
