using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Callytics <c>business_hours</c> → <c>business_hours</c>; results open → in_hours, closed →
/// out_of_hours. Without a time zone Callytics is always closed
/// (business_hours.executor.ts:57-61), so the import keeps UTC with no open time.
/// </summary>
internal sealed class BusinessHoursMapping : NodeMapping
{
    public override string SourceType => "business_hours";
    public override string TargetType => "business_hours";

    public override void MapConfig(NodeMappingContext context)
    {
        var source = context.Source;
        var zone = source.String("timezone")?.Trim();
        var schedule = Schedules.CallyticsWeek(source, "schedule");
        if (Schedules.IsTimeZone(zone))
        {
            context.Target.Put("timezone", zone).Put("schedule", schedule);
            return;
        }
        source.Adapted(source.Take("timezone") ?? context.NodeSyntax, "timezone",
            "Callytics is always closed without a known time zone (business_hours.executor.ts:57-61); the import keeps it closed: UTC with no open time");
        context.Target.Put("timezone", ImportOptions.DefaultTimeZone).Put("schedule", new Out.JsonObject());
    }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) =>
        [new("open", "in_hours", true), new("closed", "out_of_hours", true)];
}
