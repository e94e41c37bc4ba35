using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Callytics.Publishing.Media;
using Callytics.Integration.Tests.Support;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Contract;
using Microsoft.Extensions.DependencyInjection;

namespace Callytics.Integration.Tests.Admin;

/// <summary>
/// TTS rendered at publish time (espeak-ng + sox), CFL7001 when rendering fails, the audio library
/// (<c>/api/audio</c>) and TTS preview over real HTTP, and the <c>/media</c> files Asterisk fetches.
/// </summary>
public sealed class MediaAdminTests : IAsyncLifetime
{
    private const string TtsText = "That is not an option.";
    private AdminHost _host = null!;

    public async Task InitializeAsync() => _host = await AdminHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private HttpClient Http => _host.Http;

    private MediaStore Media => _host.Services.GetRequiredService<MediaStore>();

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<JsonNode> ReadJson(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    private static async Task PutDraft(HttpClient http, string document)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/flows/{Flows.CallbackOffer}/draft") { Content = Json(document) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Any);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
    }

    private static string WithTts(string text) => Flows.Edited(Flows.CallbackOffer, root => Flows.Node(root, "invalid_key")["config"]!["prompt"]!["tts"] = text);

    [Fact]
    public async Task Publishing_renders_every_tts_prompt_and_an_old_version_keeps_its_audio()
    {
        await PutDraft(Http, Flows.Example(Flows.CallbackOffer));
        Assert.Equal(HttpStatusCode.Created, (await Http.PostAsync($"/api/flows/{Flows.CallbackOffer}/publish", null)).StatusCode);
        var first = FlowCatalog.TtsCacheKey(Prompt.Tts(TtsText, "en-us"));
        foreach (var format in MediaStore.Formats) Assert.True(new FileInfo(Media.TtsFile(first, format)).Length > 1000, format);

        await PutDraft(Http, WithTts("Sorry, that key does nothing."));
        Assert.Equal(HttpStatusCode.Created, (await Http.PostAsync($"/api/flows/{Flows.CallbackOffer}/publish", null)).StatusCode);
        var second = FlowCatalog.TtsCacheKey(Prompt.Tts("Sorry, that key does nothing.", "en-us"));
        Assert.True(Media.HasTts(second));
        Assert.True(Media.HasTts(first)); // version 1 still plays its own text

        // What Asterisk fetches (no token) and what a browser plays.
        using var anonymous = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        var ulaw = await anonymous.GetAsync($"/media/tts/{first}.ulaw");
        Assert.Equal(HttpStatusCode.OK, ulaw.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(Media.TtsFile(first, "ulaw")), await ulaw.Content.ReadAsByteArrayAsync());
        var wav = await (await anonymous.GetAsync($"/media/tts/{first}.wav")).Content.ReadAsByteArrayAsync();
        Assert.Equal("RIFF", Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal(new FileInfo(Media.TtsFile(first, "sln16")).Length + 44, wav.Length);
        foreach (var path in new[] { $"/media/tts/{first}.mp3", "/media/tts/..%2F..%2Fstore.ulaw", "/media/flows/x.ulaw", $"/media/tts/{first}" })
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task A_tts_prompt_the_engine_cannot_render_refuses_the_publish_with_CFL7001_at_its_text()
    {
        await using var host = await AdminHost.StartAsync(settings: new Dictionary<string, string?> { ["Callytics:Media:Tts:Command"] = "false {output}" });
        await PutDraft(host.Http, Flows.Example(Flows.CallbackOffer));

        var response = await host.Http.PostAsync($"/api/flows/{Flows.CallbackOffer}/publish", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var diagnostic = (await ReadJson(response))["diagnostics"]!.AsArray().Single(d => (string?)d!["id"] == "CFL7001")!;
        Assert.Equal((25, 107), ((int)diagnostic["line"]!, (int)diagnostic["column"]!));
        Assert.Contains("node 'invalid_key'", (string)diagnostic["message"]!);
        Assert.Empty(await (await host.Services.GetRequiredService<Runtime.Host.Flows.FlowStoreAccess>().GetAsync()).ListVersionsAsync(Flows.CallbackOffer));
    }

    [Fact]
    public async Task Text_from_a_flow_is_one_argument_of_the_engine_never_a_shell_command()
    {
        // With {text} as an argument: a shell would run the command substitution and create the file.
        var marker = _host.Temp.Combine("pwned");
        var engine = new SpeechEngine("espeak-ng -v {voice} -w {output} {text}");
        var (_, error) = await new TtsRenderer(Media, engine).RenderAsync(Prompt.Tts($"$(touch {marker}); `touch {marker}` > {marker}", "en-us"));
        Assert.Null(error);
        Assert.False(File.Exists(marker));
    }

    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/api/audio" },
        { "GET", "/api/audio/welcome" },
        { "PUT", "/api/audio/welcome" },
        { "DELETE", "/api/audio/welcome" },
        { "POST", "/api/tts/preview" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_media_admin_route_answers_401_without_the_token(string method, string path)
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method is "PUT" or "POST" ? new ByteArrayContent(await ToneAsync("wav")) : null };
        var response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(Media.Root, "audio"))); // nothing stored
    }

    [Theory]
    [InlineData("wav", 1000)]
    [InlineData("mp3", 1000)]
    [InlineData("ogg", 1000)]
    [InlineData("opus", 1000)]
    public async Task An_upload_is_transcoded_listed_with_its_duration_and_served(string type, int durationMs)
    {
        var response = await Http.PutAsync("/api/audio/welcome", new ByteArrayContent(await ToneAsync(type)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.InRange((long)(await ReadJson(response))["durationMs"]!, durationMs - 60, durationMs + 60);

        var list = (await ReadJson(await Http.GetAsync("/api/audio"))).AsArray();
        var entry = Assert.Single(list)!;
        Assert.Equal(("welcome", type), ((string)entry["id"]!, (string)entry["sourceFormat"]!));
        // 8 kHz µ-law: one byte per sample.
        Assert.InRange(new FileInfo(Media.AudioFile("welcome", "ulaw")).Length, 8000 * (durationMs - 60) / 1000, 8000 * (durationMs + 60) / 1000);
        using var anonymous = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/media/audio/welcome.sln16")).StatusCode);
    }

    [Fact]
    public async Task Bad_uploads_are_refused_in_json_and_change_nothing()
    {
        Assert.Equal(HttpStatusCode.Created, (await Http.PutAsync("/api/audio/welcome", new ByteArrayContent(await ToneAsync("wav")))).StatusCode);
        var before = await File.ReadAllBytesAsync(Media.AudioFile("welcome", "ulaw"));

        foreach (var (path, body, status) in new (string, byte[], HttpStatusCode)[]
        {
            ("/api/audio/welcome", Encoding.UTF8.GetBytes("#!/bin/sh\necho not audio\n"), HttpStatusCode.UnsupportedMediaType),
            ("/api/audio/welcome", [.. "RIFF"u8, 0, 0, 0, 0, .. "WAVE"u8, .. "garbage garbage"u8], HttpStatusCode.UnprocessableEntity),
            ("/api/audio/welcome", [], HttpStatusCode.BadRequest),
            ("/api/audio/.hidden", await ToneAsync("wav"), HttpStatusCode.BadRequest),
            ("/api/audio/a%2Fb", await ToneAsync("wav"), HttpStatusCode.BadRequest),
            ("/api/audio/welcome", new byte[AdminHostMediaLimit + 1], HttpStatusCode.RequestEntityTooLarge),
        })
        {
            var response = await Http.PutAsync(path, new ByteArrayContent(body));
            Assert.Equal(status, response.StatusCode);
            Assert.False(string.IsNullOrEmpty((string?)(await ReadJson(response))["message"]), path);
        }
        Assert.Equal(before, await File.ReadAllBytesAsync(Media.AudioFile("welcome", "ulaw")));
        Assert.Single((await ReadJson(await Http.GetAsync("/api/audio"))).AsArray());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(Media.Root, ".work")));
    }

    [Fact]
    public async Task Audio_a_published_version_plays_cannot_be_removed_and_unused_audio_can()
    {
        Assert.Equal(HttpStatusCode.Created, (await Http.PutAsync("/api/audio/callback-offer", new ByteArrayContent(await ToneAsync("wav")))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Http.PutAsync("/api/audio/spare", new ByteArrayContent(await ToneAsync("wav")))).StatusCode);
        await PutDraft(Http, Flows.Example(Flows.CallbackOffer)); // plays { "audio": "callback-offer" }
        Assert.Equal(HttpStatusCode.Created, (await Http.PostAsync($"/api/flows/{Flows.CallbackOffer}/publish", null)).StatusCode);

        var used = await ReadJson(await Http.GetAsync("/api/audio/callback-offer"));
        Assert.Equal("callback-offer", (string)used["usedBy"]![0]!["flowId"]!);
        var refused = await Http.DeleteAsync("/api/audio/callback-offer");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("callback-offer v1", (string)(await ReadJson(refused))["message"]!);
        Assert.True(File.Exists(Media.AudioFile("callback-offer", "ulaw")));

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync("/api/audio/spare")).StatusCode);
        Assert.False(File.Exists(Media.AudioFile("spare", "ulaw")));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.DeleteAsync("/api/audio/spare")).StatusCode);
    }

    [Fact]
    public async Task A_tts_preview_renders_now_and_is_playable_in_a_browser()
    {
        var response = await Http.PostAsync("/api/tts/preview", Json("""{ "text": "Welcome to the line.", "voice": "en-us" }"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var url = (string)(await ReadJson(response))["url"]!;
        var wav = await (await Http.GetAsync(url)).Content.ReadAsByteArrayAsync();
        Assert.Equal("RIFF", Encoding.ASCII.GetString(wav, 0, 4));
        foreach (var bad in new[] { "{}", """{ "text": "" }""", """{ "text": "x", "voice": "../x" }""", "not json" })
        {
            var refused = await Http.PostAsync("/api/tts/preview", Json(bad));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("voice", (string)(await ReadJson(refused))["message"]!); // both messages say what text and voice must be
        }
    }

    private const int AdminHostMediaLimit = (int)AudioLibrary.DefaultMaxUploadBytes;

    /// <summary>One second of a 440 Hz tone at 44.1 kHz stereo, encoded as <paramref name="type"/> (Opus with opusenc from opus-tools).</summary>
    private async Task<byte[]> ToneAsync(string type)
    {
        var wav = _host.Temp.Combine($"tone-{Guid.NewGuid():N}.wav");
        Assert.True((await ToolRunner.RunAsync(["sox", "-n", "-r", "44100", "-c", "2", "-b", "16", wav, "synth", "1", "sine", "440"], TimeSpan.FromSeconds(30), default)).Succeeded);
        if (type == "wav") return await File.ReadAllBytesAsync(wav);
        var output = Path.ChangeExtension(wav, type);
        var encoded = type == "opus"
            ? await ToolRunner.RunAsync(["opusenc", "--quiet", wav, output], TimeSpan.FromSeconds(30), default)
            : await ToolRunner.RunAsync(["sox", wav, output], TimeSpan.FromSeconds(30), default);
        Assert.True(encoded.Succeeded, encoded.Error);
        return await File.ReadAllBytesAsync(output);
    }
}
