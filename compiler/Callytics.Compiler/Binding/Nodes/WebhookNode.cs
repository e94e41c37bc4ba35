using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Helpers;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>A fire-and-forget HTTP notification; the call never waits for it.</summary>
/// <param name="Payload">The body template; null means the standard event.</param>
public sealed record WebhookNode(NodeInfo Info, Template Url, string Method, IReadOnlyList<KeyValuePair<string, Template>> Headers, Template? Payload, int TimeoutMs, int Retries, bool FollowRedirects = false) : BoundNode(Info);

internal sealed class WebhookNodeType : NodeType
{
    public override string Name => "webhook";
    public override string Description => "Fire-and-forget HTTP notification. An edge into a webhook may leave from any node and handle, terminal nodes included; it fires when that node finishes.";
    public override bool Waits => false;
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<Template> Url = Field.Required("url", new TemplateField(TemplateUse.Url), "http(s) URL; {{variables}} allowed in path and query, never in scheme or host.");
        public static readonly ConfigField<string> Method = Field.Choice("method", "HTTP method.", "POST", "POST", "PUT", "GET");
        public static readonly ConfigField<IReadOnlyList<KeyValuePair<string, Template>>?> Headers = Field.Optional("headers", HeadersField.Instance, "Header name → template.");
        public static readonly ConfigField<Template?> Payload = Field.Optional("payload", PayloadField.Instance, "A JSON template (strings may hold {{variables}}); default: the standard event (call id, flow id and version, node id, caller id, variables, time).");
        public static readonly ConfigField<int> TimeoutMs = Field.Milliseconds("timeout_ms", "Per-attempt timeout.", 5_000, 100, 30_000);
        public static readonly ConfigField<int> Retries = Field.Integer("retries", "Extra attempts after a failure.", 2, 0, 10);
        public static readonly ConfigField<bool> FollowRedirects = Field.Boolean("follow_redirects", "Follow redirects (at most 5, each checked against the host's outbound policy, never https to http); false: a 3xx counts as a failed attempt.", false);
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Url, Config.Method, Config.Headers, Config.Payload, Config.TimeoutMs, Config.Retries, Config.FollowRedirects];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [new("next", false, "nothing: the webhook only notifies")];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new WebhookNode(info, (config.Get(Config.Url) ?? Template.Parse("")), (config.Get(Config.Method) ?? ""), (config.Get(Config.Headers) ?? []),
            config.Get(Config.Payload), config.Get(Config.TimeoutMs), config.Get(Config.Retries), config.Get(Config.FollowRedirects));
}
