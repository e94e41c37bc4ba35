using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Callytics <c>webhook</c> → <c>webhook</c> (executors/webhook.executor.ts:21-70): GET or POST,
/// headers as a <c>[{ key, value }]</c> list, <c>timeout_ms</c>, and <c>max_attempts</c> (3) when
/// <c>retry_enabled</c>. Callytics never routes a call through a webhook node (runtime.ts:186-199),
/// so it has no results and its own edges are never followed.
/// </summary>
internal sealed class WebhookMapping : NodeMapping
{
    private const long Attempts = 3;

    public override string SourceType => "webhook";
    public override string TargetType => "webhook";

    public override void MapConfig(NodeMappingContext context)
    {
        var source = context.Source;
        var retry = source.Boolean("retry_enabled") ?? true;
        var attempts = source.Integer("max_attempts") is > 0 and var a ? a : Attempts;
        context.Target.Put("url", source.String("url"))
            .Put("method", source.String("method") == "GET" ? "GET" : "POST")
            .Put("headers", Headers(source))
            .Put("timeout_ms", CallyticsValues.Timeout(source, "timeout_ms"))
            .Put("retries", retry ? attempts - 1 : 0);
        // The flow language's standard event always carries the caller and the variables.
        source.Ignore("include_caller", "include_session_variables", "retry_on_5xx", "retry_on_timeout");
        CallyticsValues.NoEquivalent(source, "retry_on_4xx");
    }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) => None;

    /// <summary>headers: [{ key, value }] → headers: { key: value } (an empty key is skipped, as Callytics does).</summary>
    private static Out.JsonObject? Headers(ConfigReader source)
    {
        if (source.Array("headers") is not { } list) return null;
        var headers = new Out.JsonObject();
        foreach (var item in list.Items)
        {
            if (item is not JsonObject pair) { source.Unmapped(item); continue; }
            var reader = source.Nested(pair);
            var key = reader.String("key")?.Trim();
            var value = reader.String("value")?.Trim() ?? "";
            reader.Finish();
            if (string.IsNullOrEmpty(key)) continue;
            if (headers.ContainsKey(key)) { source.Unmapped(item); continue; }
            headers[key] = value;
        }
        return headers;
    }
}
