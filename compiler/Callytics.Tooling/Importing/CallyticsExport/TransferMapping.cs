using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Callytics <c>transfer</c> → <c>transfer</c>: <c>target_type</c> and <c>target_value</c>, a
/// <c>trunk_id</c> for pstn (nodes/index.ts:433-481). A bridged call that ends returns 'done'
/// (→ completed); no answer goes to the node named by <c>on_no_answer</c>, else hangs up
/// (nodes/index.ts:585, 770, 967) (→ no_answer). The older <c>destination: "PJSIP/2001"</c> of the
/// seeded templates is read as the extension it names.
/// </summary>
internal sealed class TransferMapping : NodeMapping
{
    public override string SourceType => "transfer";
    public override string TargetType => "transfer";

    public override void MapConfig(NodeMappingContext context)
    {
        var source = context.Source;
        var destination = Destination(source, "target_type", "target_value", "trunk_id") ?? LegacyDestination(source);
        context.Target.Put("destination", destination)
            .Put("timeout_ms", CallyticsValues.Timeout(source, "timeout_ms"))
            .Put("record_call", source.Boolean("record_call"));
        NoAnswer(context);
        CallyticsValues.NoEquivalent(context.Source, "send_to_webhook");
    }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) => [new(CallyticsRouting.Done, "completed")];

    /// <summary><c>on_no_answer</c> names the node a call goes to when nobody answers (also for hunt).</summary>
    internal static void NoAnswer(NodeMappingContext context)
    {
        if (context.Source.Take("on_no_answer") is JsonString { Value: var target } syntax && target.Trim().Length > 0)
            context.RouteTo("no_answer", target.Trim(), syntax);
        else if (context.Source.Take("on_no_answer") is { } other and not JsonString) context.Source.Unmapped(other);
    }

    /// <summary>A destination from Callytics' target keys: extension, pstn (with its trunk) or sip_uri.</summary>
    internal static Out.JsonObject? Destination(ConfigReader source, string typeKey, string valueKey, string trunkKey)
    {
        var typeSyntax = source.Take(typeKey);
        var value = source.String(valueKey)?.Trim();
        var trunk = CallyticsValues.RowId(source, trunkKey);
        if (typeSyntax is null && string.IsNullOrEmpty(value)) return null;
        var type = (typeSyntax as JsonString)?.Value switch
        {
            "extension" => "extension",
            "pstn" => "pstn",
            "sip_uri" => "sip_uri",
            _ => null,
        };
        if (type is null || string.IsNullOrEmpty(value))
        {
            source.Unmapped(typeSyntax ?? source.Take(valueKey)!);
            return null;
        }
        return Destinations.Build(type, value, type == "pstn" ? trunk : null);
    }

    /// <summary>
    /// <c>destination: "PJSIP/2001"</c> (migration 016_phase19.sql). Today's runtime reads only the
    /// target keys and hangs up on such a node (nodes/index.ts:433-441, 587-590); the import dials
    /// the extension the template names, and says so.
    /// </summary>
    private static Out.JsonObject? LegacyDestination(ConfigReader source)
    {
        if (source.Take("destination") is not JsonString { Value: var text } syntax) return null;
        const string prefix = "PJSIP/";
        var extension = text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;
        if (!IdShape.Room.Matches(extension))
        {
            source.Unmapped(syntax);
            return null;
        }
        source.Adapted(syntax, "destination",
            $"Callytics' transfer reads only target_type/target_value and hangs up on this older form (nodes/index.ts:433-441, 587-590); the import dials extension '{extension}', as the template means");
        return Destinations.Build("extension", extension, null);
    }
}
