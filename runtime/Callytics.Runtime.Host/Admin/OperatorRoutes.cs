using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Queues;

namespace Callytics.Runtime.Host.Admin;

/// <summary>
/// <c>/api/operators</c> (add, set PIN, remove, list with the queues each is logged in to now) and
/// <c>/api/queues</c> (live: callers waiting, the longest wait, operators free and busy). Needs the call-center storage
/// (section <c>Storage</c>); without it every route answers 503. The live figures are reads of the
/// queue state (no lock is taken), so the pages never slow a call.
/// </summary>
internal static class OperatorRoutes
{
    public static void Map(RouteGroupBuilder api, AdminSettings settings)
    {
        api.MapGet("/operators", async (HttpContext context) =>
        {
            if (Storage(context) is not { } storage) return NoStorage();
            var queues = context.RequestServices.GetRequiredService<IQueueState>();
            var list = new JsonArray();
            foreach (var op in await storage.Operators.ListOperatorsAsync(context.RequestAborted))
            {
                var presence = await queues.GetOperatorAsync(op.Id, context.RequestAborted);
                list.Add(new JsonObject
                {
                    ["id"] = op.Id,
                    ["name"] = op.Name,
                    ["createdAt"] = op.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                    ["queues"] = new JsonArray([.. (await storage.Operators.ListQueuesOfOperatorAsync(op.Id, context.RequestAborted)).Select(q => JsonValue.Create(q))]),
                    ["loggedInTo"] = new JsonArray([.. (presence?.Queues ?? []).Select(q => JsonValue.Create(q))]),
                    ["status"] = presence is null ? "logged-out" : presence.Available ? "free" : "busy",
                });
            }
            return Results.Content(list.ToJsonString(), "application/json");
        });

        api.MapPost("/operators", async (HttpContext context) =>
        {
            if (Storage(context) is not { } storage) return NoStorage();
            var (body, tooLarge) = await ReadAsync(context, settings);
            if (tooLarge) return LimitedBody.TooLarge(settings.MaxBodyBytes);
            if (body is null || Text(body, "id") is not { } id || Text(body, "name") is not { } name || Text(body, "pin") is not { } pin || !TryQueues(body, out var queueIds))
                return BadBody("{\"id\": \"201\", \"name\": \"Ann\", \"pin\": \"1234\", \"queues\": [\"support\"]}");
            foreach (var q in queueIds) StorageIds.Require(q, "queue id"); // checked before anything is stored
            try
            {
                await storage.Accounts.AddAsync(id, name, pin, context.RequestAborted);
            }
            catch (StorageConflictException e)
            {
                return AdminJson.Error(409, e.Message);
            }
            var known = (await storage.Operators.ListQueuesAsync(context.RequestAborted)).Select(x => x.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var q in queueIds)
            {
                if (!known.Contains(q))
                    await storage.Operators.SaveQueueAsync(q, q, context.RequestAborted);
                await storage.Operators.AddMemberAsync(q, id, context.RequestAborted);
            }
            return Results.Json(new { id, name = name.Trim(), queues = queueIds }, statusCode: 201);
        });

        api.MapPut("/operators/{id}/pin", async (string id, HttpContext context) =>
        {
            if (Storage(context) is not { } storage) return NoStorage();
            var (body, tooLarge) = await ReadAsync(context, settings);
            if (tooLarge) return LimitedBody.TooLarge(settings.MaxBodyBytes);
            if (body is null || Text(body, "pin") is not { } pin) return BadBody("{\"pin\": \"1234\"}");
            return await storage.Accounts.SetPinAsync(id, pin, context.RequestAborted)
                ? Results.NoContent()
                : AdminJson.Error(404, $"operator '{id}' does not exist");
        });

        api.MapDelete("/operators/{id}", async (string id, HttpContext context) =>
        {
            if (Storage(context) is not { } storage) return NoStorage();
            return await storage.Operators.RemoveOperatorAsync(id, context.RequestAborted)
                ? Results.NoContent()
                : AdminJson.Error(404, $"operator '{id}' does not exist");
        });

        api.MapGet("/queues", async (HttpContext context) =>
        {
            if (Storage(context) is not { } storage) return NoStorage();
            var state = context.RequestServices.GetRequiredService<IQueueState>();
            var list = new JsonArray();
            foreach (var queue in await storage.Operators.ListQueuesAsync(context.RequestAborted))
            {
                var free = new JsonArray();
                var busy = new JsonArray();
                foreach (var member in await storage.Operators.ListMembersAsync(queue.Id, context.RequestAborted))
                {
                    var presence = await state.GetOperatorAsync(member, context.RequestAborted);
                    if (presence is null || !presence.Queues.Contains(queue.Id)) continue;
                    (presence.Available ? free : busy).Add(member);
                }
                // One read of the queue: the count and the oldest caller's wait agree with each other.
                var snapshot = await state.GetSnapshotAsync(queue.Id, context.RequestAborted);
                list.Add(new JsonObject
                {
                    ["id"] = queue.Id,
                    ["name"] = queue.Name,
                    ["waiting"] = snapshot.Waiting,
                    ["longestWaitMs"] = snapshot.OldestWaitMs,
                    ["operatorsFree"] = free,
                    ["operatorsBusy"] = busy,
                });
            }
            return Results.Content(list.ToJsonString(), "application/json");
        });
    }

    private static StorageServices? Storage(HttpContext context) =>
        context.RequestServices.GetService<CallCenter.ReturnCalls>() is null ? null : context.RequestServices.GetService<StorageServices>();

    private static IResult NoStorage() => AdminJson.Error(503, "operators and queues need the call-center storage: configure the Storage section");

    private static IResult BadBody(string example) => AdminJson.Error(400, $"the body must be like {example}");

    /// <summary>The body as a JSON object (null when it is not one), or too large (413, not 400: the same answer as every other route).</summary>
    private static async Task<(JsonObject? Body, bool TooLarge)> ReadAsync(HttpContext context, AdminSettings settings)
    {
        var text = await LimitedBody.ReadAsync(context.Request, settings.MaxBodyBytes, context.RequestAborted);
        if (text is null) return (null, true);
        try
        {
            return (JsonNode.Parse(text) as JsonObject, false);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return (null, false);
        }
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool TryQueues(JsonObject body, out List<string> queues)
    {
        queues = [];
        if (body["queues"] is null) return true;
        if (body["queues"] is not JsonArray array) return false;
        foreach (var item in array)
        {
            if (item is not JsonValue v || !v.TryGetValue<string>(out var q)) return false;
            queues.Add(q);
        }
        return true;
    }
}
