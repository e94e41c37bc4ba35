using Callytics.Publishing.Media;
using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Host.Media;
using Callytics.Runtime.Storage.Flows;
using Callytics.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Callytics.Ari.Tests.Backends;

/// <summary>
/// Prompt audio the host holds reaches a real Asterisk over HTTP (<c>res_http_media_cache</c> fetching
/// <c>sound:http://…</c> from the host's <c>/media</c> routes, docs/ari.md §2): a TTS prompt rendered
/// with espeak-ng and a prompt uploaded to the audio library both play to the end (PlaybackFinished
/// <c>done</c>); a prompt the host does not have fails (<c>failed</c>), so the check can tell them apart.
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class PromptAudioOnAsteriskTests(AsteriskServer asterisk) : IAsyncLifetime
{
    private readonly string _root = ServerPaths.CreateTempDirectory("media");
    private WebApplication? _web;
    private MediaStore _media = null!;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        _media = new MediaStore(Path.Combine(_root, "media"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = ServerPaths.FreeLoopbackPort();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _web = builder.Build();
        _web.MapMedia(_media);
        await _web.StartAsync();
        _baseUrl = $"http://127.0.0.1:{port}/media";
    }

    public async Task DisposeAsync()
    {
        if (_web is not null) await _web.DisposeAsync();
        ServerPaths.DeleteDirectory(_root);
    }

    [Fact]
    public async Task A_tts_prompt_and_an_uploaded_prompt_play_to_the_end_over_http()
    {
        var tts = Prompt.Tts("Thank you for calling. Please hold.", "en-us");
        var (_, error) = await new TtsRenderer(_media, new SpeechEngine()).RenderAsync(tts);
        Assert.Null(error);
        // An upload as an admin would send it: an MP3 at 44.1 kHz stereo, transcoded by the library.
        var upload = Path.Combine(_root, "welcome.mp3");
        await ToolRunnerAssert.RunAsync("sox", "-n", "-r", "44100", "-c", "2", upload, "synth", "1.5", "sine", "440");
        var library = new AudioLibrary(_media, new DirectoryFlowStore(Path.Combine(_root, "flows")));
        var entry = await library.AddAsync("welcome", upload);
        Assert.InRange(entry.DurationMs, 1400, 1600);

        await using var rig = await CallRig.StartAsync(Backend.Asterisk, asterisk, c => c with
        {
            Media = new MediaLocation(_baseUrl),
            IsLibraryAudio = library.Contains,
        });
        var (_, call) = await rig.CallAsync();

        Assert.True("done" == await PlayAsync(rig, call, tts), asterisk.Log);
        Assert.True("done" == await PlayAsync(rig, call, Prompt.Audio("welcome")), asterisk.Log);
        // The control: a TTS prompt that was never rendered is not there to fetch.
        Assert.Equal("failed", await PlayAsync(rig, call, Prompt.Tts("never rendered", "en-us")));
        await rig.EndAsync(call);
    }

    private static async Task<string> PlayAsync(CallRig rig, Runtime.Ari.Calls.AriCallChannel call, Prompt prompt)
    {
        var before = rig.Seen.OfType<PlaybackFinishedEvent>().Select(e => e.Playback.Id).ToHashSet();
        await call.PlayAsync(new PlayEffect([prompt], false), CancellationToken.None);
        var finished = await rig.WaitForAsync<PlaybackFinishedEvent>(e => e.Playback.TargetUri == "channel:" + call.ChannelId && !before.Contains(e.Playback.Id));
        return finished.Playback.State;
    }
}

internal static class ToolRunnerAssert
{
    public static async Task RunAsync(params string[] argv)
    {
        var result = await ToolRunner.RunAsync(argv, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);
    }
}
