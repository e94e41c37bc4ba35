using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>Callytics <c>business_hours</c> → <c>business_hours</c>; handles open/closed → in_hours/out_of_hours.</summary>
internal sealed class BusinessHoursMapping : NodeMapping
{
    public override string SourceType => "business_hours";
    public override string TargetType => "business_hours";
    protected override IReadOnlyDictionary<string, string> Outputs { get; } = Table(("open", "in_hours"), ("closed", "out_of_hours"), ("holiday", "holiday"));

    public override void MapConfig(ConfigReader source, Out.JsonObject target) => target
        .Put("timezone", source.String("timezone"))
        .Put("schedule", Schedules.Read(source, "schedule", "open", "close"))
        .Put("holidays", Schedules.Holidays(source, "holidays"));
}
