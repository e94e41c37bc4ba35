using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Helpers;
using Callytics.Runtime.Machines;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>An HTTP request the call waits for, with the response stored and values extracted.</summary>
public sealed record HttpRequestNode(
    NodeInfo Info, Template Url, string Method, IReadOnlyList<KeyValuePair<string, Template>> Headers, Template? Body, int TimeoutMs,
    string? StoreResponseAs, IReadOnlyList<KeyValuePair<string, JsonPathExpression>> Extract, bool FollowRedirects = false) : BoundNode(Info)
{
    /// <summary>A body that starts with { or [ is JSON: inserted values are JSON-escaped.</summary>
    public bool BodyIsJson => Body is not null && HttpBodies.LooksLikeJson(Body.Text);
}

internal sealed class HttpRequestNodeType : NodeType
{
    public override string Name => "http_request";
    public override string Description => "Calls an HTTP API and waits for the answer; success needs a 2xx status and every extract found.";
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<Template> Url = Field.Required("url", new TemplateField(TemplateUse.Url), "http(s) URL; {{variables}} allowed in path and query, never in scheme or host.");
        public static readonly ConfigField<string> Method = Field.Choice("method", "HTTP method.", "GET", "GET", "POST", "PUT", "PATCH", "DELETE");
        public static readonly ConfigField<IReadOnlyList<KeyValuePair<string, Template>>?> Headers = Field.Optional("headers", HeadersField.Instance, "Header name → template.");
        public static readonly ConfigField<Template?> Body = Field.Optional("body", new TemplateField(TemplateUse.Body), "Request body template; JSON-escaped inserts when it starts with { or [.");
        public static readonly ConfigField<int> TimeoutMs = Field.Milliseconds("timeout_ms", "How long the call waits for the answer.", 5_000, 100, 30_000);
        public static readonly ConfigField<string?> StoreResponseAs = Field.Optional("store_response_as", new TextField(TextKind.VariableWritten), "Variable that receives the raw response body (at most 64 KiB).");
        public static readonly ConfigField<IReadOnlyList<KeyValuePair<string, object>>?> Extract = Field.Optional("extract", VariableMapField.Extract, "Variable → JSONPath ($.path.to[0].value) into the response.");
        public static readonly ConfigField<bool> FollowRedirects = Field.Boolean("follow_redirects", "Follow redirects (at most 5, each checked against the host's outbound policy, never https to http); false: a 3xx is the answer.", false);
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Url, Config.Method, Config.Headers, Config.Body, Config.TimeoutMs, Config.StoreResponseAs, Config.Extract, Config.FollowRedirects];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) =>
    [
        new("success", true),
        new("failure", false, "hangs up (a warning at compile time)"),
    ];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new HttpRequestNode(info, (config.Get(Config.Url) ?? Template.Parse("")), (config.Get(Config.Method) ?? ""), (config.Get(Config.Headers) ?? []),
            config.Get(Config.Body), config.Get(Config.TimeoutMs), config.Has(Config.StoreResponseAs) ? (config.Get(Config.StoreResponseAs) ?? "") : null,
            (config.Get(Config.Extract) ?? []).Select(e => new KeyValuePair<string, JsonPathExpression>(e.Key, (JsonPathExpression)e.Value)).ToArray(),
            config.Get(Config.FollowRedirects));
}
