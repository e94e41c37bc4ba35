using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Callytics.Integration.Tests.Support;
using Callytics.TestSupport;

namespace Callytics.Integration.Tests.Admin;

/// <summary>Issue #14: hostile input to the admin API gets a clear, located answer, never a raw runtime message, a 500 or a stray folder.</summary>
public sealed class AdminHostileInputTests : IAsyncLifetime
{
    private AdminHost _host = null!;

    public async Task InitializeAsync() => _host = await AdminHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<JsonObject> ReadJson(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    [Theory]
    [InlineData("ok%0a")]
    [InlineData("ok%0d%0a")]
    [InlineData("ok%0A")]
    public async Task An_id_with_a_trailing_line_break_is_refused_and_creates_nothing(string id)
    {
        var response = await _host.Http.PutAsync($"/api/flows/{id}/draft", Json("""{ "id": "ok" }"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Invalid flow id", (string)(await ReadJson(response))["message"]!);
        var flows = Path.Combine(_host.Store, "flows");
        Assert.Empty(Directory.Exists(flows) ? Directory.GetDirectories(flows) : []);
    }

    [Fact]
    public async Task A_duplicate_key_is_named_with_its_position()
    {
        var response = await _host.Http.PutAsync("/api/flows/dup/draft", Json("{ \"id\": \"dup\",\n  \"a\": 1, \"a\": 2 }"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = await ReadJson(response);
        Assert.Equal("draft(2,11): error CFL0004: Duplicate key 'a' (the first one is used)", (string)answer["message"]!);
        var finding = answer["diagnostics"]!.AsArray().Single()!;
        Assert.Equal("CFL0004", (string)finding["id"]!);
        Assert.Equal(2, (int)finding["line"]!);
        Assert.Equal(11, (int)finding["column"]!);
    }

    [Fact]
    public async Task Nesting_past_the_limit_is_named_as_such()
    {
        var deep = "{ \"id\": \"deep\", \"x-deep\": " + new string('[', 70) + new string(']', 70) + " }";

        var response = await _host.Http.PutAsync("/api/flows/deep/draft", Json(deep));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (string)(await ReadJson(response))["message"]!;
        Assert.Contains("CFL0003: JSON nesting is deeper than 64 levels", message);
        Assert.DoesNotContain("must be a JSON object", message);
    }

    [Fact]
    public async Task A_document_that_is_not_an_object_is_refused()
    {
        var response = await _host.Http.PutAsync("/api/flows/arr/draft", Json("[1, 2]"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("a flow document must be a JSON object", (string)(await ReadJson(response))["message"]!);
    }

    [Fact]
    public async Task A_placeholder_in_a_payload_key_is_a_located_finding_for_validate_and_publish()
    {
        // Issue #14: both answered an empty 500 (an unhandled FormatException in the binder).
        var flow = new FlowJson("hook").Node("start", "start").Node("bye", "hangup")
            .Node("n", "webhook", """{ "url": "https://h.example.com/x", "payload": { "{{": "a}}b" } }""")
            .Edge("start", "bye").Edge("bye", "n").ToString();
        Assert.Equal(HttpStatusCode.OK, (await _host.Http.PutAsync("/api/flows/hook/draft", Json(flow))).StatusCode);

        var validate = await _host.Http.PostAsync("/api/flows/hook/validate", null);
        Assert.Equal(HttpStatusCode.OK, validate.StatusCode);
        var finding = (await ReadJson(validate))["diagnostics"]!.AsArray().Single(d => (string)d!["id"]! == "CFL1020")!;
        Assert.Equal("/nodes/2/config/payload/{{", (string)finding["pointer"]!);

        var publish = await _host.Http.PostAsync("/api/flows/hook/publish", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, publish.StatusCode);
        Assert.Contains((await ReadJson(publish))["diagnostics"]!.AsArray(), d => (string)d!["id"]! == "CFL1020");
    }

    [Fact]
    public async Task Metrics_need_the_token_when_the_setting_says_so_or_the_host_listens_beyond_loopback()
    {
        using (var anonymous = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) })
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/metrics")).StatusCode); // loopback only, no setting: open

        await using var guarded = await AdminHost.StartAsync(settings: new Dictionary<string, string?> { ["Callytics:Admin:MetricsRequireToken"] = "true" });
        using (var anonymous = new HttpClient { BaseAddress = new Uri(guarded.BaseUrl) })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await guarded.Http.GetAsync("/metrics")).StatusCode);

        await using var wide = await AdminHost.StartAsync(settings: new Dictionary<string, string?> { ["urls"] = "http://0.0.0.0:0" });
        Assert.StartsWith("http://0.0.0.0:", wide.BaseUrl, StringComparison.Ordinal);
        var local = new Uri(wide.BaseUrl.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        using (var anonymous = new HttpClient { BaseAddress = local })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        using var admin = new HttpClient { BaseAddress = local };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", AdminHost.Token);
        var metrics = await admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("callytics_outbound_refused_total 0", await metrics.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_duplicate_key_in_a_publish_body_gets_the_usage_message_not_a_runtime_one()
    {
        var response = await _host.Http.PostAsync("/api/flows/x/publish", Json("""{ "message": "a", "message": "b" }"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("the body must be {\"message\": \"...\"} or empty", (string)(await ReadJson(response))["message"]!);
    }
}
