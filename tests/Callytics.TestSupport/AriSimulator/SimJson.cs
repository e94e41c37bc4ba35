using System.Globalization;
using System.Text.Json.Nodes;

namespace Callytics.TestSupport.AriSimulator;

/// <summary>Builds ARI JSON in the shapes Asterisk 22 sends (see ari-spec/recorded/events).</summary>
internal static class SimJson
{
    public const string AsteriskId = "02:fc:00:00:00:01";

    public static string Timestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    public static JsonObject Channel(SimChannel c) => new()
    {
        ["id"] = c.Id,
        ["name"] = c.Name,
        ["state"] = c.State,
        ["protocol_id"] = "",
        ["caller"] = new JsonObject { ["name"] = "", ["number"] = c.CallerNumber },
        ["connected"] = new JsonObject { ["name"] = "", ["number"] = "" },
        ["accountcode"] = "",
        // As Asterisk: Stasis's argument is the application, then the originate's appArgs.
        ["dialplan"] = c.Call is not null || c.InStasis
            ? new JsonObject { ["context"] = c.Context, ["exten"] = c.Exten, ["priority"] = 2, ["app_name"] = "Stasis", ["app_data"] = string.Join(',', [c.Application, .. c.AppArgs]) }
            : new JsonObject { ["context"] = c.Context, ["exten"] = c.Exten, ["priority"] = 1, ["app_name"] = "AppDial2", ["app_data"] = "(Outgoing Line)" },
        ["creationtime"] = Timestamp(c.Created),
        ["language"] = "en",
    };

    public static JsonObject Bridge(SimBridge b) => new()
    {
        ["id"] = b.Id,
        ["technology"] = "simple_bridge",
        ["bridge_type"] = "mixing",
        ["bridge_class"] = "stasis",
        ["creator"] = "Stasis",
        ["name"] = b.Name,
        ["channels"] = new JsonArray(b.Channels.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
        ["creationtime"] = Timestamp(b.Created),
        ["video_mode"] = "talker",
    };

    public static JsonObject Playback(SimPlayback p)
    {
        var o = new JsonObject
        {
            ["id"] = p.Id,
            ["media_uri"] = p.Media[Math.Min(p.Index, p.Media.Count - 1)],
        };
        if (p.Index + 1 < p.Media.Count)
            o["next_media_uri"] = p.Media[p.Index + 1];
        o["target_uri"] = p.TargetUri;
        o["language"] = "en";
        o["state"] = p.State;
        return o;
    }

    public static JsonObject Recording(SimRecording r, int? duration = null, string? cause = null)
    {
        var o = new JsonObject
        {
            ["name"] = r.Name,
            ["format"] = r.Format,
            ["state"] = r.State,
            ["target_uri"] = r.TargetUri,
        };
        if (duration is not null)
            o["duration"] = duration;
        if (cause is not null)
            o["cause"] = cause;
        return o;
    }

    public static JsonObject Error(string message) => new() { ["message"] = message };

    public static string CauseText(int cause) => cause switch
    {
        16 => "Normal Clearing",
        17 => "User busy",
        19 => "No answer",
        20 => "Subscriber absent",
        _ => "Unknown",
    };
}
