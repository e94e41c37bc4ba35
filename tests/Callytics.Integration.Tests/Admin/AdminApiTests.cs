using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Callytics.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Callytics.Integration.Tests.Admin;

/// <summary>The admin API over real HTTP on 127.0.0.1: every route, 401, 413, CORS, errors with diagnostics.</summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private AdminHost _host = null!;

    public async Task InitializeAsync() => _host = await AdminHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private HttpClient Http => _host.Http;

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private async Task<JsonNode> ReadJson(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>Saves over whatever draft is there (If-Match: *); revisions are tested in DraftRevisionTests.</summary>
    private async Task PutDraft(string document)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/flows/{Flows.CallbackOffer}/draft") { Content = Json(document) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Any);
        var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/api/flows" },
        { "GET", "/api/flows/callback-offer/draft" },
        { "PUT", "/api/flows/callback-offer/draft" },
        { "POST", "/api/flows/callback-offer/validate" },
        { "POST", "/api/flows/callback-offer/publish" },
        { "GET", "/api/flows/callback-offer/versions" },
        { "GET", "/api/flows/callback-offer/versions/1" },
        { "POST", "/api/flows/callback-offer/restore/1" },
        { "GET", "/api/flows/callback-offer/diff?a=1&b=draft" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_answers_401_without_the_token_or_with_a_wrong_one(string method, string path)
    {
        await PutDraft(Flows.Example(Flows.CallbackOffer));
        using var anonymous = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        foreach (var authorization in new AuthenticationHeaderValue?[] { null, new("Bearer", "wrong"), new("Bearer", AdminHost.Token + "x"), new("Basic", AdminHost.Token) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : Json(Flows.Example(Flows.CallbackOffer)) };
            request.Headers.Authorization = authorization;
            var response = await anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Contains("token", (string)(await ReadJson(response))["message"]!);
        }
        var store = await _host.Services.GetRequiredService<Runtime.Host.Flows.FlowStoreAccess>().GetAsync();
        Assert.Null(await store.GetLatestVersionAsync(Flows.CallbackOffer)); // nothing published by the refused requests
    }

    [Fact]
    public async Task Callback_routes_without_call_center_storage_answer_503_in_json()
    {
        foreach (var response in new[]
        {
            await Http.GetAsync("/api/callbacks?status=pending"),
            await Http.PostAsync($"/api/callbacks/{Guid.NewGuid()}/call", Json("""{ "operator": "201" }""")),
        })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("Storage section", (string)(await ReadJson(response))["message"]!);
        }
    }

    [Fact]
    public async Task Draft_validate_publish_versions_version_restore_and_diff_over_http()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/flows/callback-offer/draft")).StatusCode);
        await PutDraft(Flows.Example(Flows.CallbackOffer));
        var draft = await ReadJson(await Http.GetAsync("/api/flows/callback-offer/draft"));
        Assert.Equal("callback-offer", (string)draft["id"]!);

        var validation = await ReadJson(await Http.PostAsync("/api/flows/callback-offer/validate", null));
        Assert.True((bool)validation["succeeded"]!);
        Assert.Equal(0, (int)validation["summary"]!["errors"]!);

        var published = await Http.PostAsync("/api/flows/callback-offer/publish", Json("""{ "message": "first" }"""));
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var v1 = await ReadJson(published);
        Assert.Equal((1, "first", "admin-api"), ((int)v1["version"]!, (string)v1["message"]!, (string)v1["publishedBy"]!));

        await PutDraft(Flows.Moved());
        var layoutOnly = await Http.PostAsync("/api/flows/callback-offer/publish", Json("{}"));
        Assert.Equal(HttpStatusCode.Conflict, layoutOnly.StatusCode);
        Assert.Contains("nothing to publish", (string)(await ReadJson(layoutOnly))["message"]!);

        await PutDraft(Flows.WithRetries(5));
        Assert.Equal(HttpStatusCode.Created, (await Http.PostAsync("/api/flows/callback-offer/publish", null)).StatusCode);
        var restored = await Http.PostAsync("/api/flows/callback-offer/restore/1", null);
        Assert.Equal(HttpStatusCode.Created, restored.StatusCode);
        Assert.Equal(3, (int)(await ReadJson(restored))["version"]!);

        var versions = (await ReadJson(await Http.GetAsync("/api/flows/callback-offer/versions"))).AsArray();
        Assert.Equal([1, 2, 3], versions.Select(v => (int)v!["version"]!));
        Assert.Equal("restore version 1", (string)versions[2]!["message"]!);

        var v2 = await ReadJson(await Http.GetAsync("/api/flows/callback-offer/versions/2"));
        Assert.Equal(5, (int)Flows.Node(v2.AsObject(), "offer")["config"]!["max_retries"]!);
        Assert.NotNull(v2["layout"]);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/flows/callback-offer/versions/9")).StatusCode);

        var diff = await ReadJson(await Http.GetAsync("/api/flows/callback-offer/diff?a=2&b=live"));
        Assert.Equal("3", (string)diff["to"]!);
        Assert.Equal("max_retries", (string)diff["nodesChanged"]![0]!["configChanges"]![0]!["key"]!);
        var draftDiff = await ReadJson(await Http.GetAsync("/api/flows/callback-offer/diff?a=live&b=draft"));
        Assert.Equal("5", (string)draftDiff["nodesChanged"]![0]!["configChanges"]![0]!["new"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync("/api/flows/callback-offer/diff?a=2")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync("/api/flows/callback-offer/diff?a=two&b=1")).StatusCode);

        var flows = (await ReadJson(await Http.GetAsync("/api/flows"))).AsArray();
        var summary = Assert.Single(flows)!;
        Assert.Equal(("callback-offer", true, 3), ((string)summary["id"]!, (bool)summary["hasDraft"]!, (int)summary["liveVersion"]!));
    }

    [Fact]
    public async Task A_draft_with_errors_is_refused_with_the_compiler_diagnostics()
    {
        await PutDraft(Flows.Broken());
        var validation = await ReadJson(await Http.PostAsync("/api/flows/callback-offer/validate", null));
        Assert.False((bool)validation["succeeded"]!);
        Assert.Contains(validation["diagnostics"]!.AsArray(), d => (string?)d!["severity"] == "error" && ((string)d["id"]!).StartsWith("CFL", StringComparison.Ordinal));

        var publish = await Http.PostAsync("/api/flows/callback-offer/publish", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, publish.StatusCode);
        var body = await ReadJson(publish);
        Assert.Contains("has errors", (string)body["message"]!);
        Assert.NotEmpty(body["diagnostics"]!.AsArray());
        Assert.Empty((await ReadJson(await Http.GetAsync("/api/flows/callback-offer/versions"))).AsArray());
    }

    [Fact]
    public async Task Oversized_bodies_get_413_with_or_without_a_content_length_and_nothing_is_stored()
    {
        var huge = "{\"id\":\"callback-offer\",\"pad\":\"" + new string('x', AdminHost.MaxBodyBytes) + "\"}";
        var sized = await Http.PutAsync("/api/flows/callback-offer/draft", Json(huge));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, sized.StatusCode);
        Assert.Contains("larger than", (string)(await ReadJson(sized))["message"]!);

        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/flows/callback-offer/publish") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Http.SendAsync(request)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/flows/callback-offer/draft")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_json_errors_not_crashes()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.PutAsync("/api/flows/callback-offer/draft", Json("not json"))).StatusCode);
        var badId = await Http.PutAsync("/api/flows/..%2Fetc/draft", Json("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.NotNull((await ReadJson(badId))["message"]);
        await PutDraft(Flows.Example(Flows.CallbackOffer));
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.PostAsync("/api/flows/callback-offer/publish", Json("[1]"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsync("/api/flows/callback-offer/restore/4", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsync("/api/flows/other/validate", null)).StatusCode);
    }

    [Fact]
    public async Task Cors_allows_only_the_configured_origins()
    {
        async Task<HttpResponseMessage> Preflight(string origin)
        {
            using var anonymous = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
            using var request = new HttpRequestMessage(HttpMethod.Options, "/api/flows");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "GET");
            request.Headers.Add("Access-Control-Request-Headers", "authorization");
            return await anonymous.SendAsync(request);
        }
        var allowed = await Preflight(AdminHost.AllowedOrigin);
        Assert.Equal([AdminHost.AllowedOrigin], allowed.Headers.GetValues("Access-Control-Allow-Origin"));
        var other = await Preflight("http://evil.test");
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));

        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/flows");
        get.Headers.Add("Origin", AdminHost.AllowedOrigin);
        var response = await Http.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([AdminHost.AllowedOrigin], response.Headers.GetValues("Access-Control-Allow-Origin"));
        // The editor reads the draft's revision (ETag) and names it in If-Match across origins.
        Assert.Contains("ETag", string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers")), StringComparison.OrdinalIgnoreCase);
        using var anonymousPut = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        using var putPreflight = new HttpRequestMessage(HttpMethod.Options, "/api/flows/callback-offer/draft");
        putPreflight.Headers.Add("Origin", AdminHost.AllowedOrigin);
        putPreflight.Headers.Add("Access-Control-Request-Method", "PUT");
        putPreflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,if-match");
        var put = await anonymousPut.SendAsync(putPreflight);
        Assert.Contains("if-match", string.Join(",", put.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_built_editor_is_served_without_a_token()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        var page = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Callytics editor", await page.Content.ReadAsStringAsync());
    }
}

/// <summary>A publish through the API that runs past Callytics:Admin:PublishTimeout is cancelled cleanly.</summary>
public sealed class PublishTimeoutTests
{
    [Fact]
    public async Task A_publish_past_the_time_limit_is_cancelled_with_a_json_error_and_publishes_nothing()
    {
        await using var host = await AdminHost.StartAsync(settings: new Dictionary<string, string?> { ["Callytics:Admin:PublishTimeout"] = "00:00:00.001" });
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/flows/{Flows.CallbackOffer}/draft") { Content = new StringContent(Flows.Example(Flows.CallbackOffer), Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.OK, (await host.Http.SendAsync(put)).StatusCode);

        var publish = await host.Http.PostAsync($"/api/flows/{Flows.CallbackOffer}/publish", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, publish.StatusCode);
        Assert.Contains("PublishTimeout", (string)JsonNode.Parse(await publish.Content.ReadAsStringAsync())!["message"]!);
        var store = await host.Services.GetRequiredService<Runtime.Host.Flows.FlowStoreAccess>().GetAsync();
        Assert.Empty(await store.ListVersionsAsync(Flows.CallbackOffer));
    }
}
