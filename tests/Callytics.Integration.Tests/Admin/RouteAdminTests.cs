using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Callytics.Integration.Tests.Support;
using Callytics.Runtime.Host.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Callytics.Integration.Tests.Admin;

/// <summary><c>/api/routes</c>: inbound routes stored beside the flows and used by the next call without a restart.</summary>
public sealed class RouteAdminTests : IAsyncLifetime
{
    private AdminHost _host = null!;

    public async Task InitializeAsync() => _host = await AdminHost.StartAsync(settings: new Dictionary<string, string?> { ["Callytics:Routes:100"] = "support-line" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private HttpClient Http => _host.Http;

    private InboundRoutes Table => _host.Services.GetRequiredService<InboundRoutes>();

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private async Task PublishCallbackOfferAsync()
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/flows/{Flows.CallbackOffer}/draft") { Content = Json(Flows.Example(Flows.CallbackOffer)) };
        put.Headers.IfMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Any);
        Assert.Equal(HttpStatusCode.OK, (await Http.SendAsync(put)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Http.PostAsync($"/api/flows/{Flows.CallbackOffer}/publish", null)).StatusCode);
    }

    [Fact]
    public async Task A_stored_route_is_used_at_once_and_bad_input_or_no_token_changes_nothing()
    {
        await PublishCallbackOfferAsync();
        Assert.Equal(HttpStatusCode.OK, (await Http.PutAsync("/api/routes/200", Json("""{ "flow": "callback-offer" }"""))).StatusCode);
        Assert.Equal("callback-offer", Table.FlowFor("200"));
        var list = JsonNode.Parse(await Http.GetStringAsync("/api/routes"))!.AsArray();
        Assert.Equal(["100:support-line:settings", "200:callback-offer:stored"], list.Select(r => $"{r!["number"]}:{r["flow"]}:{r["source"]}"));
        var file = Path.Combine(_host.Store, "routes.json");
        var stored = await File.ReadAllTextAsync(file);

        using var anonymous = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        foreach (var (method, path) in new[] { ("GET", "/api/routes"), ("PUT", "/api/routes/300"), ("DELETE", "/api/routes/200") })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json("""{ "flow": "callback-offer" }""") })).StatusCode);
        foreach (var (method, path, body, status) in new (string, string, string, HttpStatusCode)[]
        {
            ("PUT", "/api/routes/300", """{ "flow": 5 }""", HttpStatusCode.BadRequest),
            ("PUT", "/api/routes/300", "nope", HttpStatusCode.BadRequest),
            ("PUT", "/api/routes/bad%20number", """{ "flow": "callback-offer" }""", HttpStatusCode.BadRequest),
            ("PUT", "/api/routes/300", """{ "flow": "bad flow" }""", HttpStatusCode.BadRequest),
            ("PUT", "/api/routes/300", """{ "flow": "never-published" }""", HttpStatusCode.UnprocessableEntity),
            ("DELETE", "/api/routes/100", "", HttpStatusCode.Conflict),
            ("DELETE", "/api/routes/999", "", HttpStatusCode.NotFound),
        })
        {
            var response = await Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(body) });
            Assert.True(status == response.StatusCode, $"{method} {path} {body}: {(int)response.StatusCode}");
            Assert.False(string.IsNullOrEmpty((string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]));
        }
        Assert.Equal(stored, await File.ReadAllTextAsync(file));
        Assert.Null(Table.FlowFor("300"));

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync("/api/routes/200")).StatusCode);
        Assert.Null(Table.FlowFor("200"));
        Assert.Equal("support-line", Table.FlowFor("100"));
    }

    [Fact]
    public async Task A_route_stored_by_another_process_is_picked_up_without_a_restart()
    {
        Assert.Null(Table.FlowFor("555"));
        // As another host sharing the folder writes it: a whole new file renamed into place.
        var temp = Path.Combine(_host.Store, "routes.json.tmp");
        Directory.CreateDirectory(_host.Store);
        await File.WriteAllTextAsync(temp, """{ "555": "night-desk" }""");
        File.Move(temp, Path.Combine(_host.Store, "routes.json"), overwrite: true);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Table.FlowFor("555") is null && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal("night-desk", Table.FlowFor("555"));
    }
}

/// <summary>Inbound routes of hosts whose flow store is a real PostgreSQL: kept in the database, and another host takes an edit without a restart.</summary>
[Collection(Callytics.Integration.Tests.CallCenter.ServersCollection.Name)]
public sealed class RoutesOnPostgresTests(Callytics.TestSupport.Servers.RedisServer redis, Callytics.TestSupport.Servers.PostgresServer postgres)
{
    [Fact]
    public async Task A_route_stored_through_one_host_is_in_postgresql_and_another_host_uses_it_without_a_restart()
    {
        _ = redis;
        var database = await postgres.CreateDatabaseAsync("routes");
        var settings = new Dictionary<string, string?> { ["Callytics:PostgreSql"] = database, ["Callytics:RoutesPollMs"] = "200" };
        await using var first = await AdminHost.StartAsync(settings: settings);
        await using var second = await AdminHost.StartAsync(settings: settings);
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/flows/{Flows.CallbackOffer}/draft") { Content = new StringContent(Flows.Example(Flows.CallbackOffer), Encoding.UTF8, "application/json") })
        {
            put.Headers.IfMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Any);
            Assert.Equal(HttpStatusCode.OK, (await first.Http.SendAsync(put)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Created, (await first.Http.PostAsync($"/api/flows/{Flows.CallbackOffer}/publish", null)).StatusCode);

        var other = second.Services.GetRequiredService<InboundRoutes>();
        Assert.Null(other.FlowFor("200"));
        Assert.Equal(HttpStatusCode.OK, (await first.Http.PutAsync("/api/routes/200", new StringContent("""{ "flow": "callback-offer" }""", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal("callback-offer", first.Services.GetRequiredService<InboundRoutes>().FlowFor("200"));

        // In the database, not in a file beside either host.
        await using (var db = await Callytics.Runtime.Storage.Postgres.PostgresDatabase.OpenAsync(database))
            Assert.Equal(new Dictionary<string, string> { ["200"] = "callback-offer" }, await new Callytics.Runtime.Storage.Routes.PostgresRouteStore(db).ListAsync());
        Assert.False(File.Exists(Path.Combine(first.Store, "routes.json")));

        // The other host takes it at its next poll, and a removal the same way.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (other.FlowFor("200") is null && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal("callback-offer", other.FlowFor("200"));
        Assert.Equal(HttpStatusCode.NoContent, (await second.Http.DeleteAsync("/api/routes/200")).StatusCode);
        deadline = DateTime.UtcNow.AddSeconds(10);
        while (first.Services.GetRequiredService<InboundRoutes>().FlowFor("200") is not null && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Null(first.Services.GetRequiredService<InboundRoutes>().FlowFor("200"));
    }
}
