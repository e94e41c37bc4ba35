namespace Callytics.Runtime.Host.Media;

/// <summary>Prompt audio: where it is stored, how Asterisk reaches it, and the TTS engine (section <c>Callytics:Media</c>).</summary>
public sealed class MediaSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Callytics:Media";

    /// <summary>The media folder (rendered TTS under <c>tts/</c>, the audio library under <c>audio/</c>); null: <c>&lt;FlowStore&gt;/media</c>.</summary>
    public string? Directory { get; set; }

    /// <summary>The host's <c>/media</c> address as Asterisk reaches it (e.g. <c>http://10.0.0.5:8080/media</c>); null: Asterisk reads <see cref="Directory"/> as part of its sounds folder.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The format Asterisk fetches over HTTP: <c>ulaw</c> or <c>sln16</c>.</summary>
    public string Format { get; set; } = "ulaw";

    /// <summary>With a shared folder: its path under Asterisk's sounds directory (e.g. <c>callytics/</c>).</summary>
    public string SoundPrefix { get; set; } = "";

    /// <summary>The largest audio upload.</summary>
    public long MaxUploadBytes { get; set; } = Publishing.Media.AudioLibrary.DefaultMaxUploadBytes;

    /// <summary>The TTS engine.</summary>
    public TtsSettings Tts { get; set; } = new();
}

/// <summary>The TTS engine as a command line (see <see cref="Publishing.Media.SpeechEngine"/>).</summary>
public sealed class TtsSettings
{
    /// <summary>The command line with <c>{text}</c>, <c>{textfile}</c>, <c>{voice}</c>, <c>{output}</c>; null: espeak-ng.</summary>
    public string? Command { get; set; }

    /// <summary>The voice of prompts that name none; null: <c>en-us</c>.</summary>
    public string? DefaultVoice { get; set; }

    /// <summary>How long one prompt may take to render.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
