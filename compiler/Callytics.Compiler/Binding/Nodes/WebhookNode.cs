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
    public override IReadOnlyList<ConfigField> Fields { get; } =
    [
        Field.Required("url", new TemplateField(TemplateUse.Url), "http(s) URL; {{variables}} allowed in path and query, never in scheme or host."),
        Field.Choice("method", "HTTP method.", "POST", "POST", "PUT", "GET"),
        Field.Optional("headers", HeadersField.Instance, "Header name → template."),
        Field.Optional("payload", PayloadField.Instance, "A JSON template (strings may hold {{variables}}); default: the standard event (call id, flow id and version, node id, caller id, variables, time)."),
        Field.Milliseconds("timeout_ms", "Per-attempt timeout.", 5_000, 100, 30_000),
        Field.Integer("retries", "Extra attempts after a failure.", 2, 0, 10),
        Field.Boolean("follow_redirects", "Follow redirects (at most 5, each checked against the host's outbound policy, never https to http); false: a 3xx counts as a failed attempt.", false),
    ];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [new("next", false, "nothing: the webhook only notifies")];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new WebhookNode(info, config.Get("url", Template.Parse("")), config.Text("method"), config.List<KeyValuePair<string, Template>>("headers"),
            config.Get<Template?>("payload", null), config.Int("timeout_ms"), config.Int("retries"), config.Bool("follow_redirects"));
}
