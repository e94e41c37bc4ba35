using System.Text.Json.Nodes;
using Callytics.Compiler.Packaging;
using Callytics.Publishing.Media;

namespace Callytics.CompileWorker;

/// <summary>
/// Renders a publish's TTS prompts for the host:
/// <c>--render-speech &lt;prompts.json&gt; --media &lt;folder&gt; [--tts-command …] [--tts-voice …] [--tts-timeout &lt;seconds&gt;]</c>.
/// The prompts file is a JSON array of <see cref="FlowJobWire"/> prompts; the answer is one line
/// <c>{"failures":[{"prompt":{…},"error":"…"}]}</c>. The TTS engine and sox are this process's children,
/// so they run at its niceness and the host spawns none of them (hundreds of prompts for a big flow,
/// each three processes, cost the host about 20 ms of CPU and 0.2 MB of garbage apiece).
/// </summary>
internal static class SpeechRendering
{
    /// <summary>Renders every prompt (cached ones are skipped by the renderer) and answers the failures.</summary>
    public static async Task<int> RunAsync(string promptsFile, string mediaRoot, IReadOnlyDictionary<string, string> options)
    {
        var timeout = options.TryGetValue("--tts-timeout", out var seconds)
            ? TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture))
            : (TimeSpan?)null;
        var engine = new SpeechEngine(options.GetValueOrDefault("--tts-command"), options.GetValueOrDefault("--tts-voice"), timeout);
        var renderer = new TtsRenderer(new MediaStore(mediaRoot), engine);
        var prompts = (JsonNode.Parse(await File.ReadAllTextAsync(promptsFile).ConfigureAwait(false)) as JsonArray ?? throw new FormatException("the prompts file is not a JSON array"))
            .Select(FlowJobWire.ReadPrompt).ToList();
        var failures = await renderer.RenderAllAsync(prompts).ConfigureAwait(false);
        Console.Out.WriteLine(new JsonObject
        {
            ["failures"] = new JsonArray([.. failures.Select(f => new JsonObject { ["prompt"] = FlowJobWire.ToJson(f.Key), ["error"] = f.Value })]),
        }.ToJsonString());
        return 0;
    }
}
