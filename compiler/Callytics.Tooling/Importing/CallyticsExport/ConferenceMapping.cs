using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Callytics <c>conference</c> → <c>conference</c>: <c>roomName</c> is the room
/// (conference.executor.ts:286-300); the caller leaving the room ends it with 'default' (→ next).
/// Waiting for a moderator and dialled participants have no equivalent.
/// </summary>
internal sealed class ConferenceMapping : NodeMapping
{
    public override string SourceType => "conference";
    public override string TargetType => "conference";

    public override void MapConfig(NodeMappingContext context)
    {
        context.Target.Put("room", context.Source.Id("roomName", IdShape.Room));
        CallyticsValues.NoEquivalent(context.Source, "waitForModerator", "moderatorType", "moderatorId", "participants");
    }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) => Single(CallyticsRouting.Default, required: false);
}
