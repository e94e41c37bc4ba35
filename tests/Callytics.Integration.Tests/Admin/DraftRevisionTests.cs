using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Callytics.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Callytics.Integration.Tests.Admin;

/// <summary>
/// Draft revisions over the admin API: the ETag of GET, If-Match on PUT and publish, 412 with the
/// current revision on a stale one; 20 editors saving and publishing at once lose nothing unknowingly.
/// </summary>
public sealed class DraftRevisionTests : IAsyncLifetime
{
    private AdminHost _host = null!;

    public async Task InitializeAsync() => _host = await AdminHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private HttpClient Http => _host.Http;

    [Fact]
    public async Task A_save_over_a_newer_revision_is_refused_with_412_and_the_current_revision_and_changes_nothing()
    {
        var first = await PutAsync(Labelled("first"), ifMatch: null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"1\"", first.Headers.ETag!.Tag);
        var get = await Http.GetAsync($"/api/flows/{Flows.CallbackOffer}/draft");
        Assert.Equal("\"1\"", get.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(Labelled("second"), "\"1\"")).StatusCode);
        var stale = await PutAsync(Labelled("stale"), "\"1\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var body = JsonNode.Parse(await stale.Content.ReadAsStringAsync())!;
        Assert.Equal(2, (long)body["currentRevision"]!);
        Assert.Contains("revision 2", (string)body["message"]!);
        Assert.Equal("\"2\"", stale.Headers.ETag!.Tag);
        Assert.Contains("second", await Http.GetStringAsync($"/api/flows/{Flows.CallbackOffer}/draft"));

        var missing = await PutAsync(Labelled("blind"), ifMatch: null);
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(Labelled("overwrite"), "*")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync(Labelled("bad"), "W/\"3\"")).StatusCode);
    }

    [Fact]
    public async Task Twenty_editors_saving_and_publishing_at_once_each_publish_their_own_content_with_their_own_message_or_are_told_of_the_conflict()
    {
        const int editors = 20;
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(Labelled("start"), ifMatch: null)).StatusCode);
        var outcomes = new ConcurrentBag<(int Editor, HttpStatusCode Save, HttpStatusCode? Publish, JsonNode? Answer)>();
        var tasks = Enumerable.Range(0, editors).Select(i => Task.Run(async () =>
        {
            var loaded = await Http.GetAsync($"/api/flows/{Flows.CallbackOffer}/draft");
            var etag = loaded.Headers.ETag!.Tag;
            var saved = await PutAsync(Labelled($"editor {i}"), etag);
            if (saved.StatusCode != HttpStatusCode.OK)
            {
                outcomes.Add((i, saved.StatusCode, null, JsonNode.Parse(await saved.Content.ReadAsStringAsync())));
                return;
            }
            using var publish = new HttpRequestMessage(HttpMethod.Post, $"/api/flows/{Flows.CallbackOffer}/publish")
            {
                Content = new StringContent($$"""{ "message": "published by editor {{i}}" }""", Encoding.UTF8, "application/json"),
            };
            publish.Headers.IfMatch.Add(new EntityTagHeaderValue(saved.Headers.ETag!.Tag));
            var published = await Http.SendAsync(publish);
            outcomes.Add((i, saved.StatusCode, published.StatusCode, JsonNode.Parse(await published.Content.ReadAsStringAsync())));
        })).ToArray();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(4));

        Assert.Equal(editors, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o.Save is HttpStatusCode.OK or HttpStatusCode.PreconditionFailed, $"editor {o.Editor}: save {o.Save}"));
        Assert.All(outcomes.Where(o => o.Save == HttpStatusCode.PreconditionFailed), o => Assert.NotNull(o.Answer!["currentRevision"]));
        // Nobody is told "nothing to publish" for a change that someone else's save replaced.
        Assert.All(outcomes.Where(o => o.Publish is not null), o =>
            Assert.True(o.Publish is HttpStatusCode.Created or HttpStatusCode.PreconditionFailed, $"editor {o.Editor}: publish {o.Publish} {o.Answer}"));
        Assert.Contains(outcomes, o => o.Publish == HttpStatusCode.Created);

        // Every version carries the content of the revision its publisher saved, and that publisher's message.
        var store = await _host.Services.GetRequiredService<Runtime.Host.Flows.FlowStoreAccess>().GetAsync();
        var versions = await store.ListVersionsAsync(Flows.CallbackOffer);
        Assert.Equal(outcomes.Count(o => o.Publish == HttpStatusCode.Created), versions.Count);
        foreach (var info in versions)
        {
            var editor = info.Message!["published by ".Length..];
            var version = await store.GetVersionAsync(Flows.CallbackOffer, info.Version);
            Assert.Equal(editor, (string)Flows.Node(JsonNode.Parse(version!.Artifacts.SemanticJson)!.AsObject(), "offer")["label"]!);
        }
    }

    private static string Labelled(string label) => Flows.Edited(Flows.CallbackOffer, root => Flows.Node(root, "offer")["label"] = label);

    private Task<HttpResponseMessage> PutAsync(string document, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/flows/{Flows.CallbackOffer}/draft")
        {
            Content = new StringContent(document, Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return Http.SendAsync(request);
    }
}
