using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Helpers;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Routes on the time of day, in its own time zone, with holidays.</summary>
/// <param name="Week">Open ranges, Monday (index 0) to Sunday.</param>
public sealed record BusinessHoursNode(NodeInfo Info, string TimeZone, IReadOnlyList<IReadOnlyList<TimeRange>> Week, IReadOnlyList<Holiday> Holidays) : BoundNode(Info)
{
    /// <summary>True when no weekday has any open range.</summary>
    public bool NeverOpen => Week.All(d => d.Count == 0);
}

internal sealed class BusinessHoursNodeType : NodeType
{
    public override string Name => "business_hours";
    public override string Description => "Routes on the time of day in its own time zone (daylight saving included), with holidays.";
    public override bool Waits => false;
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<string> Timezone = Field.Required("timezone", TimeZoneField.Instance, "IANA time zone id, e.g. Europe/Paris.");
        public static readonly ConfigField<IReadOnlyList<IReadOnlyList<TimeRange>>?> Schedule = Field.Optional("schedule", ScheduleField.Instance, "Open ranges per weekday; an end at or before its start crosses midnight (22:00-02:00).");
        public static readonly ConfigField<IReadOnlyList<Holiday>?> Holidays = Field.Optional("holidays", HolidaysField.Instance, "Dates that are closed all day, or open only in their ranges.");
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Timezone, Config.Schedule, Config.Holidays];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) =>
    [
        new("in_hours", true),
        new("out_of_hours", true),
        new("holiday", false, "a holiday goes to out_of_hours"),
    ];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context)
    {
        IReadOnlyList<IReadOnlyList<TimeRange>> closedWeek = Enumerable.Range(0, 7).Select(_ => (IReadOnlyList<TimeRange>)[]).ToArray();
        return new BusinessHoursNode(info, (config.Get(Config.Timezone) ?? "UTC"), (config.Get(Config.Schedule) ?? closedWeek), (config.Get(Config.Holidays) ?? []));
    }
}
