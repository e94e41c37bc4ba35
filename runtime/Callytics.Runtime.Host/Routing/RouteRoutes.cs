using System.Text.Json;
using System.Text.Json.Nodes;
using Callytics.Runtime.Host.Admin;
using Callytics.Runtime.Host.Flows;
using Callytics.Runtime.Storage.Common;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.Routing;

/// <summary><c>/api/routes</c>: inbound routes (dialed number → flow), listed, stored and removed without a restart.</summary>
internal static class RouteRoutes
{
    public static void Map(RouteGroupBuilder routes)
    {
        routes.MapGet("", (InboundRoutes table) => Results.Json(table.List().Select(r => new { number = r.Number, flow = r.Flow, source = r.Source })));

        routes.MapPut("/{number}", async (string number, HttpContext context, InboundRoutes table, FlowStoreAccess access) =>
        {
            StorageIds.Require(number, "dialed number");
            var settings = context.RequestServices.GetRequiredService<IOptions<AdminSettings>>().Value;
            var body = await LimitedBody.ReadAsync(context.Request, settings.MaxBodyBytes, context.RequestAborted);
            if (body is null) return LimitedBody.TooLarge(settings.MaxBodyBytes);
            string? flow = null;
            try
            {
                if (JsonNode.Parse(body) is JsonObject obj && obj["flow"] is JsonValue v) v.TryGetValue(out flow);
            }
            catch (Exception e) when (e is JsonException or ArgumentException)
            {
                // answered below
            }
            if (flow is null) return AdminJson.Error(400, "the body must be {\"flow\": \"<flow id>\"}");
            StorageIds.Require(flow, "flow id");
            // A route to a flow with no published version would hang every call up: refused.
            if (await (await access.GetAsync()).GetLatestVersionAsync(flow, context.RequestAborted) is null)
                return AdminJson.Error(422, $"flow '{flow}' has no published version");
            await table.SetAsync(number, flow, context.RequestAborted);
            return Results.Json(new { number, flow, source = "stored" });
        });

        routes.MapDelete("/{number}", async (string number, InboundRoutes table, HttpContext context) =>
        {
            StorageIds.Require(number, "dialed number");
            if (await table.RemoveAsync(number, context.RequestAborted)) return Results.NoContent();
            return table.List().Any(r => r.Number == number)
                ? AdminJson.Error(409, $"the route for '{number}' is set in the settings (Callytics:Routes); change it there")
                : AdminJson.Error(404, $"no route for '{number}'");
        });
    }
}
