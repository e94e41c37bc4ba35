using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Callytics.Runtime.Host.CallCenter;
using Callytics.Runtime.Storage.Callbacks;

namespace Callytics.Runtime.Host.Admin;

/// <summary>
/// <c>/api/callbacks</c>: the stored callback requests and "call back now". Needs the call-center
/// storage (configuration section <c>Storage</c>); without it every route answers 503.
/// </summary>
internal static class CallbackRoutes
{
    public static void Map(RouteGroupBuilder callbacks, AdminSettings settings)
    {
        callbacks.MapGet("", async (string? status, HttpContext context) =>
        {
            if (ReturnCallsOf(context) is not { } calls) return NoStorage();
            if (!TryParseStatus(status, out var filter))
                return AdminJson.Error(400, $"unknown status '{status}': use pending, calling, done or failed");
            var list = await calls.Callbacks.ListAsync(filter, context.RequestAborted);
            return Json(new JsonArray([.. list.Select(ToJson)]));
        });

        callbacks.MapGet("/{id}", async (string id, HttpContext context) =>
        {
            if (ReturnCallsOf(context) is not { } calls) return NoStorage();
            return Guid.TryParse(id, out var guid) && await calls.Callbacks.GetAsync(guid, context.RequestAborted) is { } callback
                ? Json(ToJson(callback))
                : UnknownCallback(id);
        });

        callbacks.MapPost("/{id}/call", async (string id, HttpContext context) =>
        {
            if (ReturnCallsOf(context) is not { } calls) return NoStorage();
            var body = await LimitedBody.ReadAsync(context.Request, settings.MaxBodyBytes, context.RequestAborted);
            if (body is null)
                return LimitedBody.TooLarge(settings.MaxBodyBytes);
            if (ReadOperator(body) is not { } operatorId)
                return AdminJson.Error(400, "the body must be {\"operator\": \"<operator id>\"}");
            if (!Guid.TryParse(id, out var guid))
                return UnknownCallback(id);
            var (started, calling) = await calls.StartAsync(guid, operatorId, context.RequestAborted);
            return started switch
            {
                ReturnCallStart.Started => Json(ToJson(calling!), StatusCodes.Status202Accepted),
                ReturnCallStart.UnknownCallback => UnknownCallback(id),
                ReturnCallStart.UnknownOperator => AdminJson.Error(422, $"there is no operator '{operatorId}'"),
                ReturnCallStart.NotConfigured => AdminJson.Error(503, "return calls need a trunk: set Callytics:Callbacks:Trunk"),
                _ => await NotStartableAsync(calls, guid, context.RequestAborted),
            };
        });
    }

    private static ReturnCalls? ReturnCallsOf(HttpContext context) => context.RequestServices.GetService<ReturnCalls>();

    private static IResult NoStorage() =>
        AdminJson.Error(503, "callbacks need the call-center storage: configure the Storage section (Storage:Directory or Storage:Postgres)");

    private static IResult UnknownCallback(string id) => AdminJson.Error(404, $"there is no callback '{id}'");

    private static async Task<IResult> NotStartableAsync(ReturnCalls calls, Guid id, CancellationToken ct)
    {
        var current = await calls.Callbacks.GetAsync(id, ct);
        var status = current is null ? "gone" : CallbackTransitions.StatusName(current.Status);
        return AdminJson.Error(409, $"callback '{id}' is {status}{(current?.AssignedTo is { } who ? " (" + who + ")" : "")}: only a pending or failed callback, or one whose return call's host stopped renewing it, can be called back");
    }

    private static bool TryParseStatus(string? text, out CallbackStatus? status)
    {
        status = null;
        if (string.IsNullOrEmpty(text)) return true;
        // Enum.TryParse would also take numbers ("1"); only the names are part of the API.
        var match = Enum.GetValues<CallbackStatus>().Where(s => string.Equals(CallbackTransitions.StatusName(s), text, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (match.Length == 0) return false;
        status = match[0];
        return true;
    }

    private static string? ReadOperator(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject obj && obj["operator"] is JsonValue value && value.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;
        }
        catch (Exception e) when (e is JsonException or ArgumentException) // ArgumentException: a key given twice, met when read
        {
            return null;
        }
    }


    private static string? Time(DateTimeOffset? at) => at?.ToString("O", CultureInfo.InvariantCulture);

    private static JsonObject ToJson(CallbackRecord c) => new()
    {
        ["id"] = c.Id.ToString(),
        ["number"] = c.Request.Number,
        ["caller"] = c.Request.CallerId,
        ["queue"] = c.Request.QueueId,
        ["flow"] = c.Request.FlowId,
        ["requestedAt"] = Time(c.Request.RequestedAt),
        ["status"] = CallbackTransitions.StatusName(c.Status),
        ["assignedTo"] = c.AssignedTo,
        ["callingSince"] = Time(c.CallingSince),
        ["aliveAt"] = Time(c.AliveAt),
        ["finishedAt"] = Time(c.FinishedAt),
        ["note"] = c.Note,
    };

    private static IResult Json(JsonNode body, int status = 200) => Results.Content(body.ToJsonString(), "application/json", statusCode: status);
}
