using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Dials one destination and bridges the caller with it.</summary>
/// <param name="Destination">Where to ring; its trunk is the destination's own or the node's.</param>
public sealed record TransferNode(NodeInfo Info, DialTarget Destination, int TimeoutMs, bool RecordCall, bool MusicOnHold) : BoundNode(Info);

internal sealed class TransferNodeType : NodeType
{
    public override string Name => "transfer";
    public override string Description => "Dials one destination and bridges the caller with whoever answers.";
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<DialTarget> Destination = Field.Required("destination", new DestinationField(trunkRequiredForPstn: false), "Where to ring: { type: extension | pstn | sip_uri, value }.");
        public static readonly ConfigField<string?> Trunk = Field.Optional("trunk", new TextField(TextKind.TrunkId), "The trunk for a pstn destination (required for pstn).");
        public static readonly ConfigField<int> TimeoutMs = Field.Milliseconds("timeout_ms", "Ring time before no_answer.", 30_000, 1_000);
        public static readonly ConfigField<bool> RecordCall = Field.Boolean("record_call", "Record the bridged conversation (never the IVR prompts).", false);
        public static readonly ConfigField<string> Ringback = Field.Choice("ringback", "What the caller hears while it rings.", "ring", "ring", "moh");
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Destination, Config.Trunk, Config.TimeoutMs, Config.RecordCall, Config.Ringback];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) =>
    [
        new("completed", false, "hangs up"),
        new("no_answer", false, "hangs up (covers busy and failed too)"),
    ];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context)
    {
        var destination = (config.Get(Config.Destination) ?? new DialTarget(DestinationType.Extension, "", null));
        var trunk = destination.Trunk ?? (config.Has(Config.Trunk) ? (config.Get(Config.Trunk) ?? "") : null);
        // A trunk that is written but malformed was reported already (CFL1032): it is not missing.
        var trunkWritten = destination.Trunk is not null || config.Syntax?["trunk"] is not null;
        if (destination.Type == DestinationType.Pstn && !trunkWritten && config.Syntax?["destination"] is { } at)
        {
            context.Diagnostics.ReportPstnWithoutTrunk(at, info.Id);
            context.HasErrors = true;
        }
        return new TransferNode(info, destination with { Trunk = trunk }, config.Get(Config.TimeoutMs), config.Get(Config.RecordCall), (config.Get(Config.Ringback) ?? "") == "moh");
    }
}
