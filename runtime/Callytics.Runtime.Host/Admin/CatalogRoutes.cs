using System.Text.Json.Nodes;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.Admin;

/// <summary>
/// <c>GET /api/catalog</c>: what a flow on this host may refer to, for the editor's pickers: the
/// configured catalog's audio ids (with the audio library's, as publishing checks them:
/// <see cref="Media.MediaServices.ForChecking"/>), queues and trunks, and whether a catalog is
/// configured at all (<c>checked</c>; without one publishing checks no reference, so the editor
/// warns about none). Read-only, behind the admin token like every <c>/api</c> route.
/// </summary>
internal static class CatalogRoutes
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/catalog", async (HttpContext context) =>
        {
            var services = context.RequestServices;
            var configured = !string.IsNullOrEmpty(services.GetRequiredService<IOptions<HostSettings>>().Value.Catalog);
            var catalog = Media.MediaServices.ForChecking(services.GetRequiredService<FlowCatalog>(), await Media.AudioRoutes.LibraryAsync(context));
            var queues = new JsonArray();
            foreach (var (id, name) in catalog.Queues.OrderBy(q => q.Key, StringComparer.Ordinal))
                queues.Add(new JsonObject { ["id"] = id, ["name"] = name });
            var body = new JsonObject
            {
                ["checked"] = configured,
                ["audio"] = Ids(catalog.Audio.Keys),
                ["queues"] = queues,
                ["trunks"] = Ids(catalog.Trunks.Keys),
            };
            return Results.Content(body.ToJsonString(), "application/json");
        });

    private static JsonArray Ids(IEnumerable<string> ids) => new([.. ids.Order(StringComparer.Ordinal).Select(id => (JsonNode)JsonValue.Create(id))]);
}
