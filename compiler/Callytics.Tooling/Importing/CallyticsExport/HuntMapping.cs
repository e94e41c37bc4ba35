using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Callytics <c>hunt</c> → <c>hunt_group</c> (nodes/hunt.executor.ts:350-380, 550-810):
/// <c>sequential</c> (the default) and <c>order</c> ring in turn, <c>random</c> picks at random,
/// <c>group</c> rings all; <c>attempt_timeout_ms</c> per ring and <c>total_timeout_ms</c>;
/// 'done' when answered; <c>on_no_answer</c> as for transfer.
/// </summary>
internal sealed class HuntMapping : NodeMapping
{
    private static readonly Dictionary<string, string> Strategies = new(StringComparer.Ordinal)
    {
        ["sequential"] = "ordered", ["order"] = "ordered", ["random"] = "random", ["group"] = "simultaneous",
    };

    public override string SourceType => "hunt";
    public override string TargetType => "hunt_group";

    public override void MapConfig(NodeMappingContext context)
    {
        var source = context.Source;
        var strategy = Strategy(source);
        context.Target.Put("destinations", DestinationList(source, strategy.Sorted))
            .Put("strategy", strategy.Name)
            .Put("ring_timeout_ms", Positive(source, "attempt_timeout_ms"))
            .Put("total_timeout_ms", Positive(source, "total_timeout_ms"))
            .Put("record_call", source.Boolean("record_call"));
        TransferMapping.NoAnswer(context);
        CallyticsValues.NoEquivalent(source, "hold_audio_file_id", "busy_audio_file_id", "send_to_webhook");
    }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) => [new(CallyticsRouting.Done, "completed")];

    private static (string Name, bool Sorted) Strategy(ConfigReader source)
    {
        var written = source.Take("strategy");
        var name = written is JsonString s ? s.Value.Trim().ToLowerInvariant() : "sequential";
        if (written is not null and not JsonString || !Strategies.ContainsKey(name))
        {
            // hunt.executor.ts:558-750: an unknown strategy rings in turn, like sequential.
            if (written is not null) source.Adapted(written, "strategy", "Callytics rings in turn for a strategy it does not know; so does the import (ordered)");
            name = "sequential";
        }
        return (Strategies[name], name == "order");
    }

    /// <summary>destinations: [{ target_type, target_value, trunk_id, order }]; 'order' sorts by order.</summary>
    private static Out.JsonArray? DestinationList(ConfigReader source, bool sorted)
    {
        if (source.Array("destinations") is not { } list) return null;
        var destinations = new List<(long Order, Out.JsonObject Destination)>();
        foreach (var item in list.Items)
        {
            if (item is not JsonObject obj) { source.Unmapped(item); continue; }
            var reader = source.Nested(obj);
            var order = reader.Integer("order") ?? 0;
            var destination = TransferMapping.Destination(reader, "target_type", "target_value", "trunk_id");
            reader.Finish();
            if (destination is not null) destinations.Add((order, destination));
        }
        var result = sorted ? destinations.OrderBy(d => d.Order) : destinations.AsEnumerable();
        return new Out.JsonArray(result.Select(d => (Out.JsonNode)d.Destination).ToArray());
    }

    /// <summary><c>Math.max(1, Number(value) || default)</c>: a missing or zero value keeps Callytics' default, which is also the flow language's.</summary>
    private static long? Positive(ConfigReader source, string key) => source.Integer(key) is > 0 and var v ? v : null;
}
