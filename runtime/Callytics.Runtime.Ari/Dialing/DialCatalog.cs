using System.Text.Json.Serialization;

namespace Callytics.Runtime.Ari.Dialing;

/// <summary>
/// The part of the catalog (flow-language.md §5) that dialing and playback need: audio ids and
/// their sound paths, trunks with their <c>dial_format</c>, and the endpoint templates per
/// destination type. Read from the same catalog JSON file the compiler takes.
/// </summary>
public sealed class DialCatalog
{
    /// <summary>Audio id → entry (its sound path on the Asterisk server).</summary>
    [JsonPropertyName("audio")] public Dictionary<string, AudioEntry> Audio { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Trunk id → trunk.</summary>
    [JsonPropertyName("trunks")] public Dictionary<string, TrunkEntry> Trunks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Endpoint templates per destination type.</summary>
    [JsonPropertyName("endpoints")] public EndpointTemplates Endpoints { get; set; } = new();
}

/// <summary>One audio library entry.</summary>
public sealed class AudioEntry
{
    /// <summary>The sound path on Asterisk, without extension (<c>custom/welcome</c>).</summary>
    [JsonPropertyName("path")] public string Path { get; set; } = "";
}

/// <summary>One trunk.</summary>
public sealed class TrunkEntry
{
    /// <summary>How a number is dialed on this trunk: <c>{number}</c>, <c>9{number}</c>, <c>00{e164}</c>.</summary>
    [JsonPropertyName("dial_format")] public string DialFormat { get; set; } = "{number}";

    /// <summary>The endpoint template for this trunk; null to use <see cref="EndpointTemplates.Pstn"/>.</summary>
    [JsonPropertyName("endpoint")] public string? Endpoint { get; set; }
}

/// <summary>
/// Asterisk endpoint templates. Placeholders: <c>{value}</c> (the extension or SIP URI without
/// <c>sip:</c>), <c>{dial}</c> (the number after the trunk's dial_format) and <c>{trunk}</c>.
/// </summary>
public sealed class EndpointTemplates
{
    /// <summary>Extension template.</summary>
    [JsonPropertyName("extension")] public string Extension { get; set; } = "PJSIP/{value}";

    /// <summary>PSTN template.</summary>
    [JsonPropertyName("pstn")] public string Pstn { get; set; } = "PJSIP/{dial}@{trunk}";

    /// <summary>SIP URI template.</summary>
    [JsonPropertyName("sip_uri")] public string SipUri { get; set; } = "PJSIP/{value}";
}
