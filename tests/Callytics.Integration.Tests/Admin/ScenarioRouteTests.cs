using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Callytics.Integration.Tests.CallCenter;
using Callytics.Integration.Tests.Support;
using Callytics.TestSupport.Servers;

namespace Callytics.Integration.Tests.Admin;

/// <summary>
/// <c>GET|PUT /api/flows/{id}/scenarios</c> over real HTTP, with the flow store in a folder and on a real
/// PostgreSQL: the scenarios file is stored beside the flow with ETag/If-Match revisions, 401 without the
/// token, and a bad body is a clear 400 that stores nothing.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ScenarioRouteTests(RedisServer redis, PostgresServer postgres)
{
    private const string File1 = """{ "flow": "support", "scenarios": [ { "name": "press 1", "digits": ["1@1500"], "expect": { "end": "completed" } } ] }""";
    private const string File2 = """{ "flow": "support", "scenarios": [ { "name": "press 2", "digits": ["^2@300"] } ] }""";

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static HttpRequestMessage Put(string body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/flows/support/scenarios") { Content = Json(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Scenarios_are_stored_beside_the_flow_with_revisions_and_bad_input_changes_nothing(bool onPostgres)
    {
        _ = redis;
        await using var host = await AdminHost.StartAsync(settings: onPostgres ? new Dictionary<string, string?> { ["Callytics:PostgreSql"] = await postgres.CreateDatabaseAsync("scenarios") } : null);
        var http = host.Http;
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/flows/support/scenarios")).StatusCode);

        // Without the token: 401, nothing stored.
        using (var anonymous = new HttpClient { BaseAddress = new Uri(host.BaseUrl) })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/flows/support/scenarios")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsync("/api/flows/support/scenarios", Json(File1))).StatusCode);
        }

        // The first save needs no If-Match.
        var saved = await http.SendAsync(Put(File1, null));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("\"1\"", saved.Headers.ETag?.Tag);
        var got = await http.GetAsync("/api/flows/support/scenarios");
        Assert.Equal(("\"1\"", File1), (got.Headers.ETag?.Tag, await got.Content.ReadAsStringAsync()));

        // Bad input: each refused with a message, and the stored file is still File1 at revision 1.
        foreach (var (body, ifMatch, status, says) in new (string, string?, HttpStatusCode, string)[]
        {
            ("""{ "flow": "support", "scenarios": [ { "name": "x", "digits": ["1@"] } ] }""", "\"1\"", HttpStatusCode.BadRequest, "milliseconds"),
            ("{ \"flow\": \"support\", \"scenarios\": [ ", "\"1\"", HttpStatusCode.BadRequest, "not valid JSON"),
            ("""{ "flow": "billing", "scenarios": [] }""", "\"1\"", HttpStatusCode.BadRequest, "for flow 'billing'"),
            ("""{ "scenarios": [] }""", "\"1\"", HttpStatusCode.BadRequest, "\"flow\""),
            (File2, "W/\"1\"", HttpStatusCode.BadRequest, "If-Match"),
            (File2, null, (HttpStatusCode)428, "If-Match"),
            (File2, "\"7\"", HttpStatusCode.PreconditionFailed, "revision 1"),
        })
        {
            var response = await http.SendAsync(Put(body, ifMatch));
            var message = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"];
            Assert.True(status == response.StatusCode, $"{body} / {ifMatch}: {(int)response.StatusCode} {message}");
            Assert.Contains(says, message);
        }
        got = await http.GetAsync("/api/flows/support/scenarios");
        Assert.Equal(("\"1\"", File1), (got.Headers.ETag?.Tag, await got.Content.ReadAsStringAsync()));

        // The ETag loaded: saved, revision 2; * overwrites whatever is there.
        Assert.Equal("\"2\"", (await http.SendAsync(Put(File2, "\"1\""))).Headers.ETag?.Tag);
        Assert.Equal("\"3\"", (await http.SendAsync(Put(File1, "*"))).Headers.ETag?.Tag);
        Assert.Equal(File1, await http.GetStringAsync("/api/flows/support/scenarios"));
        if (!onPostgres)
            Assert.True(System.IO.File.Exists(Path.Combine(host.Store, "flows", "support", "scenarios.json")), "kept beside the flow in the store folder");
    }
}
