using Callytics.Compiler.Binding.Nodes;
using Callytics.Runtime.Helpers;

namespace Callytics.Compiler.Emit.Nodes;

/// <summary>Field declarations shared by http_request and webhook.</summary>
internal static class HttpEmission
{
    public static void Template(EmitContext c, string field, Template? template) =>
        c.Writer.Line(template is null
            ? $"private static readonly Template {field} = null;"
            : $"private static readonly Template {field} = Template.Parse({CSharp.Literal(template.Text)});");

    /// <summary>The argument for a node's follow_redirects; nothing when false (the runtime's default), so machines without it are unchanged.</summary>
    public static string FollowRedirects(bool follow) => follow ? ", followRedirects: true" : "";

    public static void Headers(EmitContext c, string field, IReadOnlyList<KeyValuePair<string, Template>> headers)
    {
        if (headers.Count == 0)
        {
            c.Writer.Line($"private static readonly KeyValuePair<string, Template>[] {field} = [];");
            return;
        }
        c.Writer.Line($"private static readonly KeyValuePair<string, Template>[] {field} =");
        c.Writer.OpenArray();
        foreach (var (name, value) in headers)
            c.Writer.Line($"new({CSharp.Literal(name)}, Template.Parse({CSharp.Literal(value.Text)})),");
        c.Writer.CloseArray(";");
    }
}

/// <summary>http_request: send, wait, store and extract; success or failure.</summary>
internal sealed class HttpRequestEmitter : NodeEmitter<HttpRequestNode>
{
    protected override void Emit(HttpRequestNode node, EmitContext c)
    {
        var w = c.Writer;
        var url = c.Field(node, "Url");
        var headers = c.Field(node, "Headers");
        var body = c.Field(node, "Body");
        var extract = c.Field(node, "Extract");
        HttpEmission.Template(c, url, node.Url);
        HttpEmission.Headers(c, headers, node.Headers);
        HttpEmission.Template(c, body, node.Body);
        w.Line($"private static readonly KeyValuePair<string, JsonPathExpression>[] {extract} = [{string.Join(", ", node.Extract.Select(e => $"new({CSharp.Literal(e.Key)}, JsonPathExpression.Parse({CSharp.Literal(e.Value.Text)}))"))}];");
        Method(node, c, () =>
        {
            Block(c, "if (o is EnterOutcome)", () =>
            {
                w.Line($"var request = HttpLogic.Request({CSharp.Literal(node.Method)}, {url}, {headers}, {body}, bodyIsJson: {CSharp.Bool(node.BodyIsJson)}, timeoutMs: {node.TimeoutMs}, s, ctx.UtcNow{HttpEmission.FollowRedirects(node.FollowRedirects)});");
                w.Line("if (request is not null) return request;");
                w.Line("// A header value carried a line break: the request is refused and counts as a failure.");
                c.LeaveOrHangUp(node, "failure");
            });
            Block(c, $"if (HttpLogic.Apply((HttpOutcome)o, {CSharp.LiteralOrNull(node.StoreResponseAs)}, {extract}, s))", () => c.LeaveOrHangUp(node, "success"));
            c.LeaveOrHangUp(node, "failure");
        });
    }
}

/// <summary>webhook: never a step of the call; a Fire method the nodes before it call.</summary>
internal sealed class WebhookEmitter : NodeEmitter<WebhookNode>
{
    protected override void Emit(WebhookNode node, EmitContext c)
    {
        var w = c.Writer;
        var url = c.Field(node, "Url");
        var headers = c.Field(node, "Headers");
        var payload = c.Field(node, "Payload");
        HttpEmission.Template(c, url, node.Url);
        HttpEmission.Headers(c, headers, node.Headers);
        HttpEmission.Template(c, payload, node.Payload);
        w.Open($"{c.Modifiers(node, isStatic: true)} void Fire_{c.Name(node)}(CallState s, IStepContext ctx, string source)");
        w.Line($"var request = HttpLogic.Webhook({CSharp.Literal(node.Id)}, source, {CSharp.Literal(node.Method)}, {url}, {headers}, {payload}, timeoutMs: {node.TimeoutMs}, retries: {node.Retries}, s, ctx.UtcNow{HttpEmission.FollowRedirects(node.FollowRedirects)});");
        w.Line("if (request is not null) ctx.Fire(request);");
        w.Close();
    }
}
