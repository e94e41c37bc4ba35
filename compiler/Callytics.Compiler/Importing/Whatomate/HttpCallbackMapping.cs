using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>Whatomate <c>http_callback</c> → <c>http_request</c>; http:2xx / http:non2xx → success / failure.</summary>
internal sealed class HttpCallbackMapping : NodeMapping
{
    public override string SourceType => "http_callback";
    public override string TargetType => "http_request";
    protected override IReadOnlyDictionary<string, string> Outputs { get; } = Table(("http:2xx", "success"), ("http:non2xx", "failure"));

    public override void MapConfig(ConfigReader source, Out.JsonObject target)
    {
        target.Put("url", source.String("url"))
            .Put("method", source.String("method")?.ToUpperInvariant())
            .Put("headers", Headers(source))
            .Put("body", Body(source))
            .Put("timeout_ms", ConfigWriting.SecondsToMs(source.Integer("timeout_seconds")))
            .Put("store_response_as", source.Id("response_store_as", IdShape.Variable));
    }

    private static Out.JsonObject? Headers(ConfigReader source)
    {
        if (source.Object("headers") is not { } headers) return null;
        var result = new Out.JsonObject();
        foreach (var header in headers.Properties)
        {
            if (header is JsonString value) result[header.Key!] = value.Value;
            else source.Unmapped(header);
        }
        return result;
    }

    /// <summary>A body is a template string; an object body is written out as its JSON text.</summary>
    private static string? Body(ConfigReader source) => source.Take("body") switch
    {
        null => null,
        JsonString s => s.Value,
        var other => JsonCopy.Of(other)?.ToJsonString(),
    };
}
