using System.Text.Json;
using System.Text.RegularExpressions;
using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Simulation;

/// <summary>One canned HTTP answer: requests matching <see cref="Method"/> and <see cref="Url"/> (a <c>*</c> matches anything) get it.</summary>
/// <param name="Method">The method to match, or null for any.</param>
/// <param name="Url">The URL to match; <c>*</c> is a wildcard.</param>
/// <param name="Status">The status to answer.</param>
/// <param name="Body">The body to answer.</param>
/// <param name="DelayMs">How long the answer takes (a delay past the request's timeout is a timeout).</param>
/// <param name="Error">"network" to fail without an answer.</param>
public sealed record HttpStub(string? Method, string Url, int Status, string Body, int DelayMs = 0, string? Error = null)
{
    /// <summary>True when the stub answers this request.</summary>
    public bool Matches(HttpRequestEffect request) =>
        (Method is null || string.Equals(Method, request.Method, StringComparison.OrdinalIgnoreCase))
        && Regex.IsMatch(request.Url, @"\A" + Regex.Escape(Url).Replace("\\*", ".*") + @"\z", RegexOptions.None, TimeSpan.FromSeconds(1));

    /// <summary>Reads stubs from JSON: <c>[{ "method", "url", "status", "body" (string or JSON), "delay_ms", "error" }]</c>.</summary>
    public static IReadOnlyList<HttpStub> ParseList(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return ParseList(doc.RootElement);
    }

    /// <summary>Reads stubs from a JSON array element.</summary>
    public static IReadOnlyList<HttpStub> ParseList(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array) throw new FormatException("HTTP stubs must be a JSON array");
        var stubs = new List<HttpStub>();
        foreach (var e in array.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String)
                throw new FormatException("each HTTP stub needs a string \"url\"");
            var body = e.TryGetProperty("body", out var b) ? (b.ValueKind == JsonValueKind.String ? b.GetString()! : b.GetRawText()) : "";
            stubs.Add(new HttpStub(
                e.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null,
                url.GetString()!,
                e.TryGetProperty("status", out var st) && st.TryGetInt32(out var status) ? status : 200,
                body,
                e.TryGetProperty("delay_ms", out var d) && d.TryGetInt32(out var delay) ? delay : 0,
                e.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.String ? err.GetString() : null));
        }
        return stubs;
    }
}

/// <summary>Answers http_request from stubs, on the virtual clock; unmatched requests fail as a network error would.</summary>
public sealed class StubHttpGateway(IReadOnlyList<HttpStub> stubs, VirtualClock clock) : IHttpGateway
{
    /// <summary>The requests received, in order.</summary>
    public List<HttpRequestEffect> Requests { get; } = [];

    /// <inheritdoc />
    public ValueTask<HttpOutcome> SendAsync(HttpRequestEffect request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var stub = stubs.FirstOrDefault(s => s.Matches(request));
        if (stub is null) return ValueTask.FromResult(new HttpOutcome(0, "", $"no HTTP stub matches {request.Method} {request.Url}"));
        if (stub.DelayMs > request.TimeoutMs)
        {
            clock.Advance(request.TimeoutMs);
            return ValueTask.FromResult(new HttpOutcome(0, "", $"timed out after {request.TimeoutMs} ms"));
        }
        clock.Advance(stub.DelayMs);
        return ValueTask.FromResult(stub.Error is not null ? new HttpOutcome(0, "", stub.Error) : new HttpOutcome(stub.Status, stub.Body));
    }
}

/// <summary>Keeps webhooks instead of sending them.</summary>
public sealed class RecordingWebhookDispatcher : IWebhookDispatcher
{
    /// <summary>The webhooks fired, in order.</summary>
    public List<WebhookRequest> Fired { get; } = [];

    /// <inheritdoc />
    public bool Enqueue(WebhookRequest request)
    {
        Fired.Add(request);
        return true;
    }
}

/// <summary>Resolves flows from a fixed set of machines (the flows being simulated together).</summary>
public sealed class FlowSet(IEnumerable<IFlowMachine> machines) : IFlowResolver
{
    private readonly Dictionary<string, IFlowMachine> _byId = machines.ToDictionary(m => m.Identity.FlowId, StringComparer.Ordinal);

    /// <inheritdoc />
    public IFlowMachine? Resolve(string flowId) => _byId.GetValueOrDefault(flowId);
}
