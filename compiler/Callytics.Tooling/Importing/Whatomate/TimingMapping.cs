using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>
/// Whatomate <c>timing</c> → <c>business_hours</c>; outcomes in_hours and out_of_hours. Whatomate
/// reads the clock of the server it runs on (ivr.go executeTiming, <c>time.Now()</c>), which the
/// export does not say: the schedule is read in <c>--timezone</c> (UTC by default), with a note.
/// </summary>
internal sealed class TimingMapping : WhatomateMapping
{
    public override string SourceType => "timing";
    public override string TargetType => "business_hours";

    protected override void Map(NodeMappingContext context)
    {
        var zone = context.Options.TimeZone;
        context.Source.Adapted(context.Source.Has("schedule") ? context.Source.Take("schedule")! : context.NodeSyntax, "timezone",
            $"Whatomate reads the schedule in its server's local time, which the export does not carry; the import reads it in {zone} (set it with --timezone)");
        context.Target.Put("timezone", zone).Put("schedule", Schedules.WhatomateWeek(context.Source, "schedule") ?? new Out.JsonObject());
    }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) =>
        [new("in_hours", "in_hours", true), new("out_of_hours", "out_of_hours", true)];
}
