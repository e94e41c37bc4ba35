using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>
/// Whatomate <c>http_callback</c> → <c>http_request</c> (ivr.go executeHTTPCallback): <c>url</c>,
/// <c>method</c> (GET), <c>headers</c>, <c>body_template</c>, <c>timeout_seconds</c> (10; outside 1
/// to 30 also 10), <c>response_store_as</c>; outcome http:2xx → success, anything else (a non-2xx
/// answer, a failed request) http:non2xx → failure.
/// </summary>
internal sealed class HttpCallbackMapping : WhatomateMapping
{
    // internal/crypto/crypto.go:12, 112: encrypted header values start with this; the key to read them stays in Whatomate.
    private const string EncryptedPrefix = "enc:";

    public override string SourceType => "http_callback";
    public override string TargetType => "http_request";

    protected override void Map(NodeMappingContext context)
    {
        var source = context.Source;
        var seconds = source.Integer("timeout_seconds") is >= 1 and <= 30 and var s ? s : 10;
        var method = source.String("method");
        context.Target.Put("url", source.String("url"))
            .Put("method", string.IsNullOrEmpty(method) ? "GET" : method.ToUpperInvariant())
            .Put("headers", Headers(source))
            .Put("body", source.String("body_template") is { Length: > 0 } body ? body : null)
            .Put("timeout_ms", ConfigWriting.SecondsToMs(seconds))
            .Put("store_response_as", source.Id("response_store_as", IdShape.Variable));
    }

    // failure is optional in the flow language, but Whatomate ends the flow when no edge takes http:non2xx: the import connects it.
    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) =>
        [new("http:2xx", "success", true), new("http:non2xx", "failure", true)];

    private static Out.JsonObject? Headers(ConfigReader source)
    {
        if (source.Object("headers") is not { } headers) return null;
        var result = new Out.JsonObject();
        foreach (var header in headers.Properties)
        {
            if (header is JsonString value && !value.Value.StartsWith(EncryptedPrefix, StringComparison.Ordinal)) result[header.Key!] = value.Value;
            else source.Unmapped(header);
        }
        return result;
    }
}
