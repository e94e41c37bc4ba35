using System.Text.Json;

namespace Callytics.Runtime.Ari.Client;

/// <summary>The one set of JSON options for ARI bodies and events.</summary>
internal static class AriJson
{
    /// <summary>Tolerant of fields the runtime does not read (ARI adds fields between versions).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = false,
    };
}
