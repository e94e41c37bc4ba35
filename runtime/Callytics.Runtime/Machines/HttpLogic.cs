using System.Text;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Helpers;

namespace Callytics.Runtime.Machines;

/// <summary>Building http_request effects and webhooks from templates, and reading responses back into variables.</summary>
public static class HttpLogic
{
    /// <summary>The most of a response body kept in a variable.</summary>
    public const int MaxStoredBody = 64 * 1024;

    /// <summary>Renders a request; null when a header value would carry a line break (the node then fails).</summary>
    public static HttpRequestEffect? Request(string method, Template url, IReadOnlyList<KeyValuePair<string, Template>> headers, Template? body, bool bodyIsJson, int timeoutMs, CallState state, DateTimeOffset now)
    {
        try
        {
            return new HttpRequestEffect(method, url.Render(state, now, TemplateEscaping.Url), RenderHeaders(headers, state, now),
                body?.Render(state, now, bodyIsJson ? TemplateEscaping.Json : TemplateEscaping.None), timeoutMs);
        }
        catch (TemplateRenderException)
        {
            return null;
        }
    }

    /// <summary>Stores the body and runs the extracts; true when the request succeeded (2xx and every extract found).</summary>
    public static bool Apply(HttpOutcome outcome, string? storeResponseAs, IReadOnlyList<KeyValuePair<string, JsonPathExpression>> extract, CallState state)
    {
        if (storeResponseAs is not null && outcome.Error is null)
            state.Set(storeResponseAs, outcome.Body.Length <= MaxStoredBody ? outcome.Body : outcome.Body[..MaxStoredBody]);
        if (!outcome.IsSuccess) return false;
        var found = true;
        foreach (var (variable, path) in extract)
        {
            if (path.TryEvaluate(outcome.Body, out var value)) state.Set(variable, value);
            else found = false;
        }
        return found;
    }

    /// <summary>Renders a webhook; null when a header value would carry a line break (the webhook is dropped).</summary>
    public static WebhookRequest? Webhook(string webhookNode, string sourceNode, string method, Template url, IReadOnlyList<KeyValuePair<string, Template>> headers,
        Template? payload, int timeoutMs, int retries, CallState state, DateTimeOffset now)
    {
        try
        {
            var body = method == "GET" ? null : payload?.Render(state, now, TemplateEscaping.Json) ?? StandardEvent(webhookNode, sourceNode, state, now);
            return new WebhookRequest(webhookNode, sourceNode, method, url.Render(state, now, TemplateEscaping.Url), RenderHeaders(headers, state, now), body, timeoutMs, retries);
        }
        catch (TemplateRenderException)
        {
            return null;
        }
    }

    /// <summary>The default webhook body: call id, flow id and version, node, caller id, variables and time.</summary>
    public static string StandardEvent(string webhookNode, string sourceNode, CallState state, DateTimeOffset now)
    {
        var sb = new StringBuilder(256);
        sb.Append("{\"event\":\"node_finished\"");
        Field(sb, "call_id", state.Get("call_id"));
        Field(sb, "flow_id", state.FlowId);
        sb.Append(",\"flow_version\":").Append(int.TryParse(state.Get("flow_version"), out var v) ? v : 0);
        Field(sb, "node", sourceNode);
        Field(sb, "webhook", webhookNode);
        Field(sb, "caller_id", state.Get("caller_id"));
        sb.Append(",\"variables\":{");
        var first = true;
        foreach (var (name, value) in state.Variables.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append(JsonText.Quote(name)).Append(':').Append(JsonText.Quote(value));
        }
        sb.Append('}');
        Field(sb, "time", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        return sb.Append('}').ToString();
    }

    private static void Field(StringBuilder sb, string name, string value) =>
        sb.Append(",\"").Append(name).Append("\":").Append(JsonText.Quote(value));

    private static KeyValuePair<string, string>[] RenderHeaders(IReadOnlyList<KeyValuePair<string, Template>> headers, CallState state, DateTimeOffset now)
    {
        if (headers.Count == 0) return [];
        var rendered = new KeyValuePair<string, string>[headers.Count];
        for (var i = 0; i < headers.Count; i++)
            rendered[i] = new(headers[i].Key, headers[i].Value.Render(state, now, TemplateEscaping.Header));
        return rendered;
    }
}
