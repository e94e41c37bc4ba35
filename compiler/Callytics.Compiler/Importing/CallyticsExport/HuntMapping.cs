using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>Callytics <c>hunt</c> → <c>hunt_group</c>: sequential and order ring in turn, random shuffles, group rings all.</summary>
internal sealed class HuntMapping : NodeMapping
{
    private static readonly Dictionary<string, string> Strategies = new(StringComparer.Ordinal)
    {
        ["sequential"] = "ordered", ["order"] = "ordered", ["random"] = "random", ["group"] = "simultaneous",
    };

    public override string SourceType => "hunt";
    public override string TargetType => "hunt_group";
    protected override IReadOnlyDictionary<string, string> Outputs => TransferMapping.DialOutputs;

    public override void MapConfig(ConfigReader source, Out.JsonObject target)
    {
        target.Put("destinations", DestinationList(source))
            .Put("strategy", Strategy(source))
            .Put("ring_timeout_ms", source.Integer("ring_timeout_ms"))
            .Put("total_timeout_ms", source.Integer("timeout_ms"))
            .Put("record_call", source.Boolean("record_call"));
    }

    private static string? Strategy(ConfigReader source)
    {
        if (source.Take("strategy") is not { } written) return null;
        if (written is JsonString s && Strategies.TryGetValue(s.Value, out var strategy)) return strategy;
        source.Unmapped(written);
        return null;
    }

    /// <summary>destinations: [{ target_type, target_value, trunk_id }] or plain extension strings.</summary>
    private static Out.JsonArray? DestinationList(ConfigReader source)
    {
        if (source.Array("destinations") is not { } list) return null;
        var destinations = new Out.JsonArray();
        foreach (var item in list.Items)
        {
            if (item is JsonString extension) { destinations.Add(Destinations.Build("extension", extension.Value, null)); continue; }
            if (item is not JsonObject obj) { source.Unmapped(item); continue; }
            var reader = source.Nested(obj);
            var destination = Destinations.Read(reader, "target_type", "target_value", "trunk_id");
            reader.Finish();
            if (destination is not null) destinations.Add(destination);
        }
        return destinations;
    }
}
