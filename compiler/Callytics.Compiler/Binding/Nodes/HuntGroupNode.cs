using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Rings several destinations, all at once or one after another.</summary>
public sealed record HuntGroupNode(NodeInfo Info, IReadOnlyList<DialTarget> Destinations, DialStrategy Strategy, int RingTimeoutMs, int TotalTimeoutMs, bool RecordCall) : BoundNode(Info);

internal sealed class HuntGroupNodeType : NodeType
{
    public override string Name => "hunt_group";
    public override string Description => "Rings several destinations: all at once (first answer wins) or one after another.";
    public override IReadOnlyList<ConfigField> Fields { get; } =
    [
        Field.Required("destinations", DestinationListField.Instance, "1 to 32 destinations; pstn ones name their trunk."),
        Field.Choice("strategy", "simultaneous: ring all, first answer wins; ordered: in order; random: in an order shuffled per call.", null, "simultaneous", "ordered", "random"),
        Field.Milliseconds("ring_timeout_ms", "Ring time per attempt.", 20_000, 1_000),
        Field.Milliseconds("total_timeout_ms", "Ring time for the whole hunt.", 60_000, 1_000, 3_600_000),
        Field.Boolean("record_call", "Record the bridged conversation (never the IVR prompts).", false),
    ];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) =>
    [
        new("completed", false, "hangs up"),
        new("no_answer", false, "hangs up (covers busy and failed too)"),
    ];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context)
    {
        var strategy = config.Text("strategy") switch
        {
            "ordered" => DialStrategy.Ordered,
            "random" => DialStrategy.Random,
            _ => DialStrategy.Simultaneous,
        };
        return new HuntGroupNode(info, config.List<DialTarget>("destinations"), strategy, config.Int("ring_timeout_ms"), config.Int("total_timeout_ms"), config.Bool("record_call"));
    }
}
