using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>
/// Whatomate <c>transfer</c> → <c>transfer</c>. Whatomate hands the call to a team; the flow
/// language dials a destination, so the team is dialled as the extension of the same name
/// (reported, so the extension can be checked), or a phone number through a trunk.
/// </summary>
internal sealed class TransferMapping : NodeMapping
{
    public override string SourceType => "transfer";
    public override string TargetType => "transfer";
    protected override IReadOnlyDictionary<string, string> Outputs { get; } = Table(("completed", "completed"), ("no_answer", "no_answer"));

    public override void MapConfig(ConfigReader source, Out.JsonObject target)
    {
        if (source.Take("team_id") is { } team && source.String("team_id") is { } teamId)
        {
            var extension = source.Fit(team, "team_id", teamId, IdShape.Room);
            source.Adapted(team, "team_id", $"team '{teamId}' is dialled as extension '{extension}'");
            target["destination"] = Destinations.Build("extension", extension, null);
        }
        else if (source.String("phone_number") is { } number)
        {
            target["destination"] = Destinations.Build("pstn", number, null);
        }
        target.Put("trunk", source.Id("trunk", IdShape.Reference))
            .Put("timeout_ms", ConfigWriting.SecondsToMs(source.Integer("timeout_seconds")))
            .Put("record_call", source.Boolean("record"));
    }
}
