using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>Callytics <c>conference</c> → <c>conference</c>; roomName becomes a room id.</summary>
internal sealed class ConferenceMapping : NodeMapping
{
    public override string SourceType => "conference";
    public override string TargetType => "conference";
    protected override IReadOnlyDictionary<string, string> Outputs { get; } = Table((Unnamed, "next"), ("next", "next"), ("left", "next"));

    public override void MapConfig(ConfigReader source, Out.JsonObject target) => target
        .Put("room", source.Id("roomName", IdShape.Room))
        .Put("max_participants", source.Integer("max_participants"))
        .Put("moh_when_alone", source.Boolean("moh_when_alone"));
}
