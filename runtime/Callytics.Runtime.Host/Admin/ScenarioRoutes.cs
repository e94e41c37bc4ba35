using Callytics.Compiler.Testing;
using Callytics.Runtime.Host.Flows;
using Callytics.Runtime.Storage.Flows;

namespace Callytics.Runtime.Host.Admin;

/// <summary>
/// <c>GET|PUT /api/flows/{id}/scenarios</c>: the flow's <c>*.scenarios.json</c> (the file <c>callyc test</c> runs),
/// kept beside the flow in the flow store so every editor connected to the host sees the same scenarios. Revisions
/// work as for drafts: the ETag is the revision, a save names the one it was based on in <c>If-Match</c> (412 when
/// someone saved meanwhile, 428 without If-Match once scenarios exist, <c>*</c> overwrites). A body that is not a
/// scenario file for this flow is refused (400) before anything is stored.
/// </summary>
internal static class ScenarioRoutes
{
    /// <summary>Maps the routes on the <c>/api/flows</c> group (behind the admin token like every /api route).</summary>
    public static void Map(RouteGroupBuilder flows, AdminSettings settings)
    {
        flows.MapGet("/{id}/scenarios", async (string id, HttpResponse response, FlowStoreAccess access) =>
        {
            if (await (await access.GetAsync()).GetScenariosAsync(id, response.HttpContext.RequestAborted) is not { } saved)
                return AdminJson.Error(404, $"flow '{id}' has no scenarios on the host");
            response.Headers.ETag = DraftRevisions.ETag(saved.Revision);
            return Results.Content(saved.Json, "application/json");
        });

        flows.MapPut("/{id}/scenarios", async (string id, HttpRequest request, FlowStoreAccess access) =>
        {
            if (!DraftRevisions.TryParseIfMatch(request, out var expected))
                return AdminJson.Error(400, "If-Match must be the scenarios' ETag (a quoted revision number) or *");
            var body = await LimitedBody.ReadAsync(request, settings.MaxBodyBytes, request.HttpContext.RequestAborted);
            if (body is null) return LimitedBody.TooLarge(settings.MaxBodyBytes);
            ScenarioFile file;
            try
            {
                // The runner's own reader: what is stored is a file `callyc test` can run.
                file = ScenarioFile.Parse($"{id}.scenarios.json", body);
            }
            catch (FormatException e)
            {
                return AdminJson.Error(400, e.Message);
            }
            if (file.FlowId != id) return AdminJson.Error(400, $"the scenario file is for flow '{file.FlowId}', not '{id}'");
            var store = await access.GetAsync();
            FlowScenarios saved;
            try
            {
                saved = await store.SaveScenariosAsync(id, body, settings.PublishedBy, expected is DraftRevisions.Any ? null : expected ?? 0, request.HttpContext.RequestAborted);
            }
            catch (ScenariosRevisionConflictException e) when (expected is null)
            {
                return DraftRevisions.Conflict(request.HttpContext.Response, 428,
                    $"flow '{id}' has scenarios on the host (revision {e.CurrentRevision}): send If-Match with the ETag you loaded, or If-Match: * to overwrite them", e.CurrentRevision);
            }
            catch (ScenariosRevisionConflictException e)
            {
                return DraftRevisions.Conflict(request.HttpContext.Response, 412, e.Message, e.CurrentRevision);
            }
            request.HttpContext.Response.Headers.ETag = DraftRevisions.ETag(saved.Revision);
            return Results.Json(new { flowId = id, scenarios = file.Scenarios.Count, savedAt = saved.SavedAt, revision = saved.Revision });
        });
    }
}
