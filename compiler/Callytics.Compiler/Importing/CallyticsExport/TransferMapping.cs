using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>Callytics <c>transfer</c> → <c>transfer</c>; busy and failed join no_answer, as in the flow language.</summary>
internal sealed class TransferMapping : NodeMapping
{
    /// <summary>The outputs of anything that dials (transfer, hunt).</summary>
    internal static readonly IReadOnlyDictionary<string, string> DialOutputs = Table(
        ("answered", "completed"), ("completed", "completed"), ("no_answer", "no_answer"), ("busy", "no_answer"), ("failed", "no_answer"));

    public override string SourceType => "transfer";
    public override string TargetType => "transfer";
    protected override IReadOnlyDictionary<string, string> Outputs => DialOutputs;

    public override void MapConfig(ConfigReader source, Out.JsonObject target) => target
        .Put("destination", Destinations.Read(source, "target_type", "target_value", trunkKey: null))
        .Put("trunk", source.Id("trunk_id", IdShape.Reference))
        .Put("timeout_ms", source.Integer("timeout_ms"))
        .Put("record_call", source.Boolean("record_call"));
}
