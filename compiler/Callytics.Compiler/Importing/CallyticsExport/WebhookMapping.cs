using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>Callytics <c>webhook</c> → <c>webhook</c>; headers come as a key/value list.</summary>
internal sealed class WebhookMapping : NodeMapping
{
    public override string SourceType => "webhook";
    public override string TargetType => "webhook";
    protected override IReadOnlyDictionary<string, string> Outputs => NextOnly;

    public override void MapConfig(ConfigReader source, Out.JsonObject target)
    {
        target.Put("url", source.String("url"))
            .Put("method", source.String("method")?.ToUpperInvariant())
            .Put("headers", Headers(source))
            .Put("timeout_ms", source.Integer("timeout_ms"))
            .Put("retries", source.Integer("retries"));
        if (source.Take("payload") is { } payload) target["payload"] = JsonCopy.Of(payload);
    }

    /// <summary>headers: [{ key, value }] → headers: { key: value }.</summary>
    internal static Out.JsonObject? Headers(ConfigReader source)
    {
        if (source.Array("headers") is not { } list) return null;
        var headers = new Out.JsonObject();
        foreach (var item in list.Items)
        {
            if (item is not JsonObject pair) { source.Unmapped(item); continue; }
            var reader = source.Nested(pair);
            var key = reader.String("key");
            var value = reader.String("value");
            reader.Finish();
            if (key is null || value is null || headers.ContainsKey(key)) { source.Unmapped(item); continue; }
            headers[key] = value;
        }
        return headers;
    }
}
