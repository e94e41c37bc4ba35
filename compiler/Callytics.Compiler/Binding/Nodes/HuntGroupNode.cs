using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Rings several destinations, all at once or one after another.</summary>
public sealed record HuntGroupNode(NodeInfo Info, IReadOnlyList<DialTarget> Destinations, DialStrategy Strategy, int RingTimeoutMs, int TotalTimeoutMs, bool RecordCall) : BoundNode(Info);

internal sealed class HuntGroupNodeType : NodeType
{
    public override string Name => "hunt_group";
    public override string Description => "Rings several destinations: all at once (first answer wins) or one after another.";
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<IReadOnlyList<DialTarget>> Destinations = Field.Required("destinations", DestinationListField.Instance, "1 to 32 destinations; pstn ones name their trunk.");
        public static readonly ConfigField<string> Strategy = Field.Choice("strategy", "simultaneous: ring all, first answer wins; ordered: in order; random: in an order shuffled per call.", null, "simultaneous", "ordered", "random");
        public static readonly ConfigField<int> RingTimeoutMs = Field.Milliseconds("ring_timeout_ms", "Ring time per attempt.", 20_000, 1_000);
        public static readonly ConfigField<int> TotalTimeoutMs = Field.Milliseconds("total_timeout_ms", "Ring time for the whole hunt.", 60_000, 1_000, 3_600_000);
        public static readonly ConfigField<bool> RecordCall = Field.Boolean("record_call", "Record the bridged conversation (never the IVR prompts).", false);
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Destinations, Config.Strategy, Config.RingTimeoutMs, Config.TotalTimeoutMs, Config.RecordCall];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) =>
    [
        new("completed", false, "hangs up"),
        new("no_answer", false, "hangs up (covers busy and failed too)"),
    ];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context)
    {
        var strategy = (config.Get(Config.Strategy) ?? "") switch
        {
            "ordered" => DialStrategy.Ordered,
            "random" => DialStrategy.Random,
            _ => DialStrategy.Simultaneous,
        };
        return new HuntGroupNode(info, (config.Get(Config.Destinations) ?? []), strategy, config.Get(Config.RingTimeoutMs), config.Get(Config.TotalTimeoutMs), config.Get(Config.RecordCall));
    }
}
