using Callytics.Runtime.Catalog;
using Callytics.Runtime.Contract;

namespace Callytics.Publishing.Media;

/// <summary>
/// Renders TTS prompts into a <see cref="MediaStore"/> with a <see cref="SpeechEngine"/> and converts them
/// with sox; a prompt already rendered (same voice and text: same <see cref="FlowCatalog.TtsCacheKey"/>)
/// is not rendered again.
/// </summary>
/// <param name="store">Where the audio goes.</param>
/// <param name="engine">The speech engine.</param>
/// <param name="nice">Above 0: the engine and sox run at that niceness on Linux (the host: below the calls it serves).</param>
public sealed class TtsRenderer(MediaStore store, SpeechEngine engine, int nice = 0)
{
    /// <summary>The store the audio goes to.</summary>
    public MediaStore Store => store;

    /// <summary>The engine.</summary>
    public SpeechEngine Engine => engine;

    /// <summary>Renders each prompt in turn (cached ones are skipped); returns those that failed, with why.</summary>
    public async Task<IReadOnlyDictionary<Prompt, string>> RenderAllAsync(IReadOnlyList<Prompt> prompts, CancellationToken ct = default)
    {
        var failures = new Dictionary<Prompt, string>();
        foreach (var prompt in prompts)
        {
            var (_, error) = await RenderAsync(prompt, ct).ConfigureAwait(false);
            if (error is not null) failures[prompt] = error;
        }
        return failures;
    }

    /// <summary>Renders one TTS prompt unless cached; returns its key, or the reason it failed.</summary>
    public async Task<(string Key, string? Error)> RenderAsync(Prompt prompt, CancellationToken ct = default)
    {
        if (prompt.Kind != PromptKind.Tts) throw new ArgumentException("only TTS prompts are rendered", nameof(prompt));
        var key = FlowCatalog.TtsCacheKey(prompt);
        if (store.HasTts(key)) return (key, null);
        var work = store.NewWorkFolder();
        try
        {
            var textFile = Path.Combine(work, "text.txt");
            var wav = Path.Combine(work, "speech.wav");
            await File.WriteAllTextAsync(textFile, prompt.Value, new System.Text.UTF8Encoding(false), ct).ConfigureAwait(false);
            var spoken = await ToolRunner.RunAsync(engine.Arguments(prompt.Value, prompt.Voice ?? engine.DefaultVoice, textFile, wav), engine.Timeout, ct, nice).ConfigureAwait(false);
            if (!spoken.Succeeded) return (key, $"the TTS engine failed: {spoken.Error}");
            if (!File.Exists(wav) || new FileInfo(wav).Length == 0) return (key, "the TTS engine wrote no audio");
            var (_, error) = await AudioConverter.ConvertAsync(wav, "wav", Path.Combine(work, key), ct, nice).ConfigureAwait(false);
            if (error is not null) return (key, error);
            foreach (var format in MediaStore.Formats)
                MediaStore.Publish(Path.Combine(work, key + "." + format), store.TtsFile(key, format));
            return (key, null);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a leftover work folder never hides the result */ }
        }
    }
}
