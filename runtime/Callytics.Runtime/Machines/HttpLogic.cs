using System.Text;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Helpers;

namespace Callytics.Runtime.Machines;

/// <summary>Building http_request effects and webhooks from templates, and reading responses back into variables.</summary>
public static class HttpLogic
{
    /// <summary>The most of a response body kept in a variable.</summary>
    public const int MaxStoredBody = 64 * 1024;

    /// <summary>
    /// Renders a request; null when a header value would carry a line break or a URL value would make a <c>.</c> or
    /// <c>..</c> path segment (the node then fails). Values go
    /// into the body escaped by the rules of its content type (<see cref="HttpBodies.EscapingFor"/>).
    /// </summary>
    /// <param name="bodyIsJson">Kept for machines compiled before the content type decided; the body's own text says the same.</param>
    /// <param name="followRedirects">The node's <c>follow_redirects</c> (emitted only when true).</param>
    public static HttpRequestEffect? Request(string method, Template url, IReadOnlyList<KeyValuePair<string, Template>> headers, Template? body, bool bodyIsJson, int timeoutMs, CallState state, DateTimeOffset now,
        bool followRedirects = false)
    {
        try
        {
            var rendered = RenderHeaders(headers, state, now);
            var contentType = rendered.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
            return new HttpRequestEffect(method, url.Render(state, now, TemplateEscaping.Url), rendered,
                body?.Render(state, now, HttpBodies.EscapingFor(contentType, body.Text)), timeoutMs, followRedirects);
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

    /// <summary>Renders a webhook; null when a header value would carry a line break or a URL value would make a dot segment (the webhook is dropped).</summary>
    public static WebhookRequest? Webhook(string webhookNode, string sourceNode, string method, Template url, IReadOnlyList<KeyValuePair<string, Template>> headers,
        Template? payload, int timeoutMs, int retries, CallState state, DateTimeOffset now, bool followRedirects = false)
    {
        try
        {
            var body = method == "GET" ? null : payload?.Render(state, now, TemplateEscaping.Json) ?? StandardEvent(webhookNode, sourceNode, state, now);
            return new WebhookRequest(webhookNode, sourceNode, method, url.Render(state, now, TemplateEscaping.Url), RenderHeaders(headers, state, now), body, timeoutMs, retries, followRedirects);
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

/// <summary>How a request body is read: its content type, and how values are escaped into it.</summary>
public static class HttpBodies
{
    /// <summary>The JSON media type.</summary>
    public const string Json = "application/json";

    /// <summary>The form media type.</summary>
    public const string Form = "application/x-www-form-urlencoded";

    /// <summary>A body that starts with <c>{</c> or <c>[</c> (after blanks) is JSON.</summary>
    public static bool LooksLikeJson(ReadOnlySpan<char> body)
    {
        var trimmed = body.TrimStart();
        return trimmed.Length > 0 && (trimmed[0] == '{' || trimmed[0] == '[');
    }

    /// <summary>The content type sent when the node names none: JSON for a JSON-looking body, else a form.</summary>
    public static string DefaultContentType(ReadOnlySpan<char> body) => LooksLikeJson(body) ? Json : Form;

    /// <summary>
    /// The escaping for values inserted into a body: by the node's <c>Content-Type</c> header when it has one
    /// (JSON types, <c>+json</c> suffixes, forms; any other type takes values as they are, having no syntax the
    /// runtime knows), else by <see cref="DefaultContentType"/>.
    /// </summary>
    /// <param name="contentType">The node's Content-Type header value, or null.</param>
    /// <param name="bodyTemplate">The body as written (its placeholders do not change what it starts with).</param>
    public static TemplateEscaping EscapingFor(string? contentType, string bodyTemplate)
    {
        var type = (contentType ?? DefaultContentType(bodyTemplate)).Split(';')[0].Trim();
        if (type.Equals(Json, StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)) return TemplateEscaping.Json;
        if (type.Equals(Form, StringComparison.OrdinalIgnoreCase)) return TemplateEscaping.Form;
        return TemplateEscaping.None;
    }
}
