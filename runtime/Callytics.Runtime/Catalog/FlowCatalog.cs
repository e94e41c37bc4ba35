using Callytics.Runtime.Contract;
using Callytics.Runtime.Helpers;

namespace Callytics.Runtime.Catalog;

/// <summary>A trunk that dials out to the PSTN.</summary>
/// <param name="DialFormat">How a cleaned number becomes the dialed string: <c>{number}</c>, <c>9{number}</c>, <c>00{e164}</c>.</param>
public sealed record Trunk(string DialFormat);

/// <summary>
/// What flows may refer to (flow-language.md §5): audio ids with their sound path on Asterisk,
/// queues, trunks, and the endpoint templates that turn a destination into an ARI endpoint.
/// </summary>
/// <param name="Audio">Audio id → sound path (played as <c>sound:&lt;path&gt;</c>).</param>
/// <param name="Queues">Queue id → display name.</param>
/// <param name="Trunks">Trunk id → trunk.</param>
/// <param name="Endpoints">Destination type (extension, pstn, sip_uri) → endpoint template with {value}, {number}, {trunk}.</param>
public sealed record FlowCatalog(
    IReadOnlyDictionary<string, string> Audio,
    IReadOnlyDictionary<string, string> Queues,
    IReadOnlyDictionary<string, Trunk> Trunks,
    IReadOnlyDictionary<string, string> Endpoints)
{
    /// <summary>The endpoint templates used when a catalog names none.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultEndpoints = new Dictionary<string, string>
    {
        ["extension"] = "PJSIP/{value}",
        ["pstn"] = "PJSIP/{number}@{trunk}",
        ["sip_uri"] = "PJSIP/{value}",
    };

    /// <summary>An empty catalog with default endpoints: references are not checked, audio ids play as sounds of the same name.</summary>
    public static readonly FlowCatalog Empty = new(
        new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, Trunk>(), DefaultEndpoints);

    /// <summary>The ARI endpoint for a destination, with the trunk's dial_format applied to PSTN numbers.</summary>
    public string EndpointFor(DialTarget target)
    {
        var key = target.Type switch
        {
            DestinationType.Extension => "extension",
            DestinationType.Pstn => "pstn",
            _ => "sip_uri",
        };
        var template = Endpoints.GetValueOrDefault(key) ?? DefaultEndpoints[key];
        var number = target.Type == DestinationType.Pstn
            ? PhoneNumbers.Format(target.Trunk is not null && Trunks.TryGetValue(target.Trunk, out var trunk) ? trunk.DialFormat : "{number}", target.Value)
            : target.Value;
        return template.Replace("{value}", target.Value, StringComparison.Ordinal)
                       .Replace("{number}", number, StringComparison.Ordinal)
                       .Replace("{trunk}", target.Trunk ?? "", StringComparison.Ordinal);
    }

    /// <summary>Where rendered TTS prompts and the audio library are played from (default: <c>sound:tts/…</c>, <c>sound:audio/…</c>).</summary>
    public MediaLocation Media { get; init; } = MediaLocation.SoundsFolder;

    /// <summary>True for an audio id that is in the audio library (ids the catalog names itself take precedence); null: no library.</summary>
    public Func<string, bool>? IsLibraryAudio { get; init; }

    /// <summary>
    /// The media URI for a prompt: audio ids through the catalog, else from the audio library, else as a
    /// sound of that name; sounds as named; TTS by content hash through <see cref="Media"/>.
    /// </summary>
    public string MediaFor(Prompt prompt) => prompt.Kind switch
    {
        PromptKind.Audio => Audio.GetValueOrDefault(prompt.Value) is { } path ? "sound:" + path
            : IsLibraryAudio?.Invoke(prompt.Value) == true ? Media.UriOf("audio", prompt.Value)
            : "sound:" + prompt.Value,
        PromptKind.Sound => "sound:" + prompt.Value,
        _ => Media.UriOf("tts", TtsCacheKey(prompt)),
    };

    /// <summary>The cache key of a TTS prompt's rendered audio: sha256 of voice and text.</summary>
    public static string TtsCacheKey(Prompt prompt)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes((prompt.Voice ?? "default") + "\n" + prompt.Value);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..32];
    }
}

/// <summary>
/// How Asterisk reaches the host's prompt audio (docs/ari.md §2): from a sounds folder it shares with the
/// host (<see cref="BaseUrl"/> null: <c>sound:&lt;SoundPrefix&gt;tts/&lt;key&gt;</c>), or over HTTP through
/// <c>res_http_media_cache</c> (<c>sound:&lt;BaseUrl&gt;/tts/&lt;key&gt;.&lt;Format&gt;</c>, served by the host's
/// <c>/media</c> routes).
/// </summary>
/// <param name="BaseUrl">The host's media address as Asterisk reaches it, e.g. <c>http://10.0.0.5:8080/media</c>; null: a shared folder.</param>
/// <param name="Format">The stored format fetched over HTTP: <c>ulaw</c> (8 kHz) or <c>sln16</c> (16 kHz).</param>
/// <param name="SoundPrefix">The shared folder's path under Asterisk's sounds directory, e.g. <c>callytics/</c> (empty: the sounds directory itself).</param>
public sealed record MediaLocation(string? BaseUrl, string Format = "ulaw", string SoundPrefix = "")
{
    /// <summary>A folder shared with Asterisk as its sounds directory (the default).</summary>
    public static readonly MediaLocation SoundsFolder = new(BaseUrl: null);

    /// <summary>The media URI of a stored file: <paramref name="kind"/> is <c>tts</c> or <c>audio</c>.</summary>
    public string UriOf(string kind, string name) => BaseUrl is null
        ? "sound:" + SoundPrefix + kind + "/" + name
        // The name is a hash or an audio id (no '/', '?', '#'): escaped anyway, so it can only ever be one path segment.
        : "sound:" + BaseUrl.TrimEnd('/') + "/" + kind + "/" + Uri.EscapeDataString(name) + "." + Format;
}
