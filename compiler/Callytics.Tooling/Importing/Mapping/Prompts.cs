using System.Globalization;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Mapping;

/// <summary>Builds flow-language prompts (flow-language.md §1) from the ways the two products refer to audio.</summary>
public static class Prompts
{
    /// <summary>The sound played where the product plays nothing but the flow language needs a prompt.</summary>
    public const string SilenceSound = "silence/1";

    /// <summary>
    /// A Callytics prompt, read as its runtime reads it (stasis/src/audioResolver.ts:10-31,
    /// <c>resolveAudioMediaPath</c>): a positive audio file id plays that library file; otherwise a
    /// non-empty path plays that sound as it is (a built-in sound such as <c>vm-goodbye</c>, or an
    /// uploaded <c>custom/...</c> file). Null when neither is set.
    /// </summary>
    public static Out.JsonObject? Callytics(ConfigReader source, string idKey, string pathKey)
    {
        var idSyntax = source.Take(idKey);
        var path = source.String(pathKey)?.Trim();
        var id = idSyntax switch
        {
            null or JsonString { Value.Length: 0 } => null,
            JsonNumber n when n.TryGetInt64(out var v) && v > 0 => v.ToString(CultureInfo.InvariantCulture),
            JsonString s when long.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 => v.ToString(CultureInfo.InvariantCulture),
            // Callytics reads Number(value) and ignores anything that is not a positive number.
            _ => source.Unmapped(idSyntax),
        };
        if (id is not null)
        {
            if (!string.IsNullOrEmpty(path))
                source.Adapted(idSyntax!, idKey, $"Callytics plays the path '{path}' only when audio file {id} is not ready; the flow plays the audio file");
            return new Out.JsonObject { ["audio"] = id };
        }
        return string.IsNullOrEmpty(path) ? null : new Out.JsonObject { ["sound"] = path };
    }

    /// <summary>
    /// A Whatomate prompt: <c>greeting_text</c> is spoken by text-to-speech (Whatomate renders it
    /// when the flow is saved and writes the file name to <c>audio_file</c>,
    /// internal/handlers/ivr_flows.go:811-818, so that file is the same words); otherwise
    /// <c>audio_file</c> names an uploaded file, which becomes an audio library id. Null when neither is set.
    /// </summary>
    public static Out.JsonObject? Whatomate(ConfigReader source)
    {
        var text = source.String("greeting_text");
        var file = source.Take("audio_file");
        if (!string.IsNullOrWhiteSpace(text)) return new Out.JsonObject { ["tts"] = text };
        return file switch
        {
            null or JsonString { Value.Length: 0 } => null,
            JsonString name => new Out.JsonObject { ["audio"] = source.Fit(name, "audio_file", name.Value, IdShape.Reference) },
            _ => Unmapped(source, file),
        };
    }

    /// <summary>
    /// The prompt for a node that must have one when the product plays nothing there: a second of
    /// silence, which keeps the timing nearest to playing nothing (reported at <paramref name="at"/>).
    /// </summary>
    public static Out.JsonObject Silence(ConfigReader source, JsonNode at, string what)
    {
        source.Adapted(at, what, $"the product plays nothing here; the flow language needs a prompt, so the import plays one second of silence (sound '{SilenceSound}')");
        return new Out.JsonObject { ["sound"] = SilenceSound };
    }

    private static Out.JsonObject? Unmapped(ConfigReader source, JsonNode value)
    {
        source.Unmapped(value);
        return null;
    }
}
