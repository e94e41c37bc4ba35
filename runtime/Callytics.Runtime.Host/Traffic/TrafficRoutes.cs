using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Callytics.Runtime.Host.Admin;
using Callytics.Runtime.Host.Flows;

namespace Callytics.Runtime.Host.Traffic;

/// <summary>
/// Live traffic for the editor, behind the admin token like every /api route:
/// <c>GET /api/flows/{id}/traffic?window=15m&amp;version=N</c> (counts per node and output, where calls
/// ended, the calls in progress) and <c>GET /api/flows/{id}/traffic/events</c> (server-sent events:
/// started, moved, ended). Caller numbers only with <see cref="TrafficSettings.ShowCallerNumber"/>.
/// </summary>
public static class TrafficRoutes
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Registers the counters and their settings.</summary>
    public static void AddTraffic(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TrafficSettings>(configuration.GetSection(TrafficSettings.Section));
        services.AddSingleton<FlowTraffic>();
    }

    /// <summary>Maps the routes on the <c>/api/flows</c> group.</summary>
    public static void Map(RouteGroupBuilder flows)
    {
        flows.MapGet("/{id}/traffic", (string id, string? window, int? version, FlowTraffic traffic, IFlowSource source) =>
        {
            if (!traffic.Enabled) return Results.Json(new { message = "traffic counting is off (Callytics:Traffic:Enabled)" }, statusCode: 404);
            if (!TryParseWindow(window, out var span)) return Results.Json(new { message = $"window must be a number of minutes or hours up to 60m ('15m', '1h') or 'all'; was '{window}'" }, statusCode: 400);
            // The version shown: the one asked for, else the published one, else the newest with traffic.
            var v = version ?? source.Resolve(id)?.Identity.Version ?? traffic.Versions(id).FirstOrDefault();
            var (entered, taken, ended) = traffic.Snapshot(id, v, span);
            var active = traffic.Active(id).Where(c => c.Version == v).ToList();
            var body = new JsonObject
            {
                ["flowId"] = id,
                ["version"] = v,
                ["window"] = window ?? "15m",
                ["versions"] = new JsonArray([.. traffic.Versions(id).Select(x => (JsonNode)x)]),
                ["entered"] = Object(entered),
                ["outputs"] = Object(taken),
                ["ended"] = new JsonObject([.. ended.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, (JsonNode?)Object(e.Value)))]),
                ["active"] = new JsonArray([.. active.Select(c => (JsonNode)new JsonObject
                {
                    ["callId"] = c.CallId,
                    ["node"] = c.Node,
                    ["since"] = c.Since.ToString("O", CultureInfo.InvariantCulture),
                    ["started"] = c.Started.ToString("O", CultureInfo.InvariantCulture),
                    ["callerId"] = traffic.ShowCallerNumber ? c.CallerId : null,
                })]),
            };
            return Results.Content(body.ToJsonString(), "application/json");
        });

        flows.MapGet("/{id}/traffic/events", async (string id, HttpContext context, FlowTraffic traffic, IHostApplicationLifetime lifetime) =>
        {
            if (!traffic.Enabled)
            {
                context.Response.StatusCode = 404;
                await context.Response.WriteAsJsonAsync(new { message = "traffic counting is off (Callytics:Traffic:Enabled)" });
                return;
            }
            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            var reader = traffic.Subscribe();
            // The stream ends when the editor closes it, or when the host stops (a shutdown does not wait for it).
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            try
            {
                await context.Response.WriteAsync(": connected\n\n", ended.Token);
                await context.Response.Body.FlushAsync(ended.Token);
                await foreach (var e in reader.Reader.ReadAllAsync(ended.Token))
                {
                    if (e.FlowId != id) continue;
                    await context.Response.WriteAsync($"event: {e.Kind}\ndata: {JsonSerializer.Serialize(e, Web)}\n\n", ended.Token);
                    await context.Response.Body.FlushAsync(ended.Token);
                }
            }
            catch (OperationCanceledException) when (ended.IsCancellationRequested)
            {
                // The editor closed the stream, or the host is stopping.
            }
            finally
            {
                traffic.Unsubscribe(reader);
            }
        });
    }

    private static JsonObject Object(IReadOnlyDictionary<string, long> counts) =>
        new([.. counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))]);

    /// <summary>"15m", "1h", "90s" (rounded up to whole minutes, at most an hour), or "all" (since the host started).</summary>
    internal static bool TryParseWindow(string? text, out TimeSpan? window)
    {
        window = TimeSpan.FromMinutes(15);
        if (string.IsNullOrEmpty(text)) return true;
        if (text == "all") { window = null; return true; }
        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1) return false;
        window = text[^1] switch { 's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), _ => TimeSpan.Zero };
        return window > TimeSpan.Zero && window <= TimeSpan.FromHours(1);
    }
}
