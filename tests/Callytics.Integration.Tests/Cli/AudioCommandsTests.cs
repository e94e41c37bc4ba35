using Callytics.Publishing.Media;
using Callytics.Integration.Tests.Support;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Contract;

namespace Callytics.Integration.Tests.Cli;

/// <summary><c>callyc audio add|list|remove</c> and TTS rendering by <c>callyc publish</c>, on a directory store.</summary>
public sealed class AudioCommandsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string Store => _temp.Combine("store");

    private Task<CallycRun> Run(params string[] arguments) => Callyc.RunAsync([.. arguments, "--store", Store]);

    [Fact]
    public async Task Audio_is_added_listed_and_removed_only_while_no_published_version_plays_it()
    {
        var tone = _temp.Combine("offer.wav");
        Assert.True((await ToolRunner.RunAsync(["sox", "-n", "-r", "22050", "-b", "16", "-c", "1", tone, "synth", "2", "sine", "300"], TimeSpan.FromSeconds(30), default)).Succeeded);
        var add = await Run("audio", "add", "callback-offer", tone);
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("added callback-offer (wav, 2.0 s)", add.Out);

        var draft = _temp.Combine("callback-offer.flow.json");
        await File.WriteAllTextAsync(draft, Flows.Example(Flows.CallbackOffer));
        Assert.Equal(0, (await Run("draft", "save", draft)).ExitCode);
        var publish = await Run("publish", Flows.CallbackOffer);
        Assert.True(publish.ExitCode == 0, publish.ToString());
        // callyc publish rendered the flow's TTS prompt into <store>/media.
        Assert.True(new MediaStore(Path.Combine(Store, "media")).HasTts(FlowCatalog.TtsCacheKey(Prompt.Tts("That is not an option.", "en-us"))));

        Assert.Equal("callback-offer\t2.0\twav\tcallback-offer@1", (await Run("audio", "list")).Out.Trim());
        var refused = await Run("audio", "remove", "callback-offer");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("played by published callback-offer v1", refused.Error);
        Assert.Contains("callback-offer", (await Run("audio", "list")).Out);

        var notAudio = _temp.Combine("notes.txt");
        await File.WriteAllTextAsync(notAudio, "hello");
        var bad = await Run("audio", "add", "notes", notAudio);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("not a WAV, MP3, Ogg Vorbis or Ogg Opus file", bad.Error);
        Assert.DoesNotContain("notes", (await Run("audio", "list")).Out);
    }

    [Fact]
    public async Task Publish_refuses_a_flow_whose_tts_prompt_cannot_be_rendered_with_CFL7001()
    {
        var draft = _temp.Combine("callback-offer.flow.json");
        await File.WriteAllTextAsync(draft, Flows.Example(Flows.CallbackOffer));
        Assert.Equal(0, (await Run("draft", "save", draft)).ExitCode);

        var publish = await Run("publish", Flows.CallbackOffer, "--tts-command", "sox -n {output} no-such-effect");

        Assert.Equal(1, publish.ExitCode);
        Assert.Contains("callback-offer.flow.json(25,107): error CFL7001: The TTS prompt of node 'invalid_key' could not be rendered: the TTS engine failed", publish.Out + publish.Error);
        Assert.Equal("", (await Run("versions", Flows.CallbackOffer)).Out.Trim());
    }

    public void Dispose() => _temp.Dispose();
}
