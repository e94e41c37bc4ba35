using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Mapping;

/// <summary>Builds flow-language prompts (flow-language.md §1) from the ways exports refer to audio.</summary>
public static class Prompts
{
    /// <summary>
    /// Reads a prompt from an audio-library id key, else from a text key (spoken by TTS, with an
    /// optional voice key). Returns null when the source sets neither.
    /// </summary>
    public static Out.JsonObject? Read(ConfigReader source, string? audioKey, string? textKey = null, string? voiceKey = null)
    {
        var audio = audioKey is null ? null : source.Id(audioKey, IdShape.Reference);
        var text = textKey is null ? null : source.String(textKey);
        var voice = voiceKey is null ? null : source.Id(voiceKey, IdShape.Reference);
        if (audio is not null)
        {
            // A prompt is exactly one of audio, sound or tts: the recorded file wins over its script.
            if (text is not null) source.Unmapped(source.Take(textKey!)!);
            if (voice is not null) source.Unmapped(source.Take(voiceKey!)!);
            return new Out.JsonObject { ["audio"] = audio };
        }
        if (string.IsNullOrWhiteSpace(text)) return null;
        return new Out.JsonObject { ["tts"] = text }.Put("voice", voice);
    }
}
