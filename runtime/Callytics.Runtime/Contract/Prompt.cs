namespace Callytics.Runtime.Contract;

/// <summary>What a prompt refers to (flow-language.md §1 "Prompts").</summary>
public enum PromptKind
{
    /// <summary>An id in the audio library (the catalog maps it to a sound path).</summary>
    Audio,
    /// <summary>A sound already on the Asterisk server (<c>sound:</c> media URI).</summary>
    Sound,
    /// <summary>Text rendered to audio at publish time, cached by content hash.</summary>
    Tts,
}

/// <summary>One prompt to play.</summary>
/// <param name="Kind">Which of the three prompt forms this is.</param>
/// <param name="Value">The audio id, the sound name, or the text to speak.</param>
/// <param name="Voice">The TTS voice, for <see cref="PromptKind.Tts"/> only.</param>
public sealed record Prompt(PromptKind Kind, string Value, string? Voice = null)
{
    /// <summary>Builds an audio-library prompt.</summary>
    public static Prompt Audio(string id) => new(PromptKind.Audio, id);
    /// <summary>Builds a server-sound prompt.</summary>
    public static Prompt Sound(string name) => new(PromptKind.Sound, name);
    /// <summary>Builds a text-to-speech prompt.</summary>
    public static Prompt Tts(string text, string? voice) => new(PromptKind.Tts, text, voice);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        PromptKind.Audio => $"audio:{Value}",
        PromptKind.Sound => $"sound:{Value}",
        _ => $"tts:{Value}",
    };
}
