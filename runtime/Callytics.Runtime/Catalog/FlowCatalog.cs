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

    /// <summary>The media URI for a prompt: audio ids through the catalog, sounds as named, TTS by content hash.</summary>
    public string MediaFor(Prompt prompt) => prompt.Kind switch
    {
        PromptKind.Audio => "sound:" + (Audio.GetValueOrDefault(prompt.Value) ?? prompt.Value),
        PromptKind.Sound => "sound:" + prompt.Value,
        _ => "sound:tts/" + TtsCacheKey(prompt),
    };

    /// <summary>The cache key of a TTS prompt's rendered audio: sha256 of voice and text.</summary>
    public static string TtsCacheKey(Prompt prompt)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes((prompt.Voice ?? "default") + "\n" + prompt.Value);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..32];
    }
}
