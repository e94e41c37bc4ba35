using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>Whatomate <c>timing</c> → <c>business_hours</c>; in_hours / out_of_hours keep their names.</summary>
internal sealed class TimingMapping : NodeMapping
{
    public override string SourceType => "timing";
    public override string TargetType => "business_hours";
    protected override IReadOnlyDictionary<string, string> Outputs { get; } = Table(("in_hours", "in_hours"), ("out_of_hours", "out_of_hours"), ("holiday", "holiday"));

    public override void MapConfig(ConfigReader source, Out.JsonObject target) => target
        .Put("timezone", source.String("timezone"))
        .Put("schedule", Schedules.Read(source, "schedule", "start", "end"))
        .Put("holidays", Schedules.Holidays(source, "holidays"));
}
