using System.Text.Json;
using System.Text.Json.Serialization;
using Callytics.Runtime.Ari.Client;

namespace Callytics.Runtime.Ari.Events;

/// <summary>An event from the ARI WebSocket. Only the event types in <see cref="AriEventTypes"/> are read; others are skipped.</summary>
public abstract class AriEvent
{
    /// <summary>The event type (<c>StasisStart</c>, ...).</summary>
    [JsonPropertyName("type")] public string Type { get; set; } = "";

    /// <summary>When the event was received (set by the stream, not read from JSON).</summary>
    [JsonIgnore] public long ReceivedTimestamp { get; set; }
}

/// <summary>An event about one channel.</summary>
public abstract class AriChannelEvent : AriEvent
{
    /// <summary>The channel.</summary>
    [JsonPropertyName("channel")] public AriChannel Channel { get; set; } = new();
}

/// <summary>A channel entered the Stasis application.</summary>
[AriModel("StasisStart")]
public sealed class StasisStartEvent : AriChannelEvent
{
    /// <summary>The application arguments (<c>appArgs</c> of an originate, or the dialplan's).</summary>
    [JsonPropertyName("args")] public List<string> Args { get; set; } = [];
}

/// <summary>A channel left the Stasis application.</summary>
[AriModel("StasisEnd")] public sealed class StasisEndEvent : AriChannelEvent;

/// <summary>A DTMF digit arrived.</summary>
[AriModel("ChannelDtmfReceived")]
public sealed class ChannelDtmfReceivedEvent : AriChannelEvent
{
    /// <summary>0-9, A-E, # or *.</summary>
    [JsonPropertyName("digit")] public string Digit { get; set; } = "";
}

/// <summary>A channel's state changed (Ring → Up, ...).</summary>
[AriModel("ChannelStateChange")] public sealed class ChannelStateChangeEvent : AriChannelEvent;

/// <summary>A hang-up was requested on a channel.</summary>
[AriModel("ChannelHangupRequest")]
public sealed class ChannelHangupRequestEvent : AriChannelEvent
{
    /// <summary>Q.850 cause.</summary>
    [JsonPropertyName("cause")] public int Cause { get; set; }
}

/// <summary>A channel is gone.</summary>
[AriModel("ChannelDestroyed")]
public sealed class ChannelDestroyedEvent : AriChannelEvent
{
    /// <summary>Q.850 cause (16 normal, 17 busy, 19 no answer, ...).</summary>
    [JsonPropertyName("cause")] public int Cause { get; set; }
}

/// <summary>A channel entered a bridge.</summary>
[AriModel("ChannelEnteredBridge")]
public sealed class ChannelEnteredBridgeEvent : AriChannelEvent
{
    /// <summary>The bridge.</summary>
    [JsonPropertyName("bridge")] public AriBridge Bridge { get; set; } = new();
}

/// <summary>A channel left a bridge.</summary>
[AriModel("ChannelLeftBridge")]
public sealed class ChannelLeftBridgeEvent : AriChannelEvent
{
    /// <summary>The bridge.</summary>
    [JsonPropertyName("bridge")] public AriBridge Bridge { get; set; } = new();
}

/// <summary>A bridge was destroyed.</summary>
[AriModel("BridgeDestroyed")]
public sealed class BridgeDestroyedEvent : AriEvent
{
    /// <summary>The bridge.</summary>
    [JsonPropertyName("bridge")] public AriBridge Bridge { get; set; } = new();
}

/// <summary>Progress of a dial (an originate): <c>dialstatus</c> is "" while ringing, then ANSWER, BUSY, NOANSWER, ...</summary>
[AriModel("Dial")]
public sealed class DialEvent : AriEvent
{
    /// <summary>The channel being dialed.</summary>
    [JsonPropertyName("peer")] public AriChannel Peer { get; set; } = new();
    /// <summary>The dial status.</summary>
    [JsonPropertyName("dialstatus")] public string DialStatus { get; set; } = "";
}

/// <summary>An event about one playback.</summary>
public abstract class AriPlaybackEvent : AriEvent
{
    /// <summary>The playback.</summary>
    [JsonPropertyName("playback")] public AriPlayback Playback { get; set; } = new();
}

/// <summary>A playback started.</summary>
[AriModel("PlaybackStarted")] public sealed class PlaybackStartedEvent : AriPlaybackEvent;

/// <summary>A playback finished (also after it was stopped).</summary>
[AriModel("PlaybackFinished")] public sealed class PlaybackFinishedEvent : AriPlaybackEvent;

/// <summary>An event about one recording.</summary>
public abstract class AriRecordingEvent : AriEvent
{
    /// <summary>The recording.</summary>
    [JsonPropertyName("recording")] public AriLiveRecording Recording { get; set; } = new();
}

/// <summary>A recording started.</summary>
[AriModel("RecordingStarted")] public sealed class RecordingStartedEvent : AriRecordingEvent;

/// <summary>A recording finished and was stored.</summary>
[AriModel("RecordingFinished")] public sealed class RecordingFinishedEvent : AriRecordingEvent;

/// <summary>A recording failed.</summary>
[AriModel("RecordingFailed")] public sealed class RecordingFailedEvent : AriRecordingEvent;

/// <summary>The event types the runtime reads, by their ARI type name, and how to parse one.</summary>
public static class AriEventTypes
{
    /// <summary>ARI type name → the class that reads it.</summary>
    public static readonly IReadOnlyDictionary<string, Type> All = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["StasisStart"] = typeof(StasisStartEvent),
        ["StasisEnd"] = typeof(StasisEndEvent),
        ["ChannelDtmfReceived"] = typeof(ChannelDtmfReceivedEvent),
        ["ChannelStateChange"] = typeof(ChannelStateChangeEvent),
        ["ChannelHangupRequest"] = typeof(ChannelHangupRequestEvent),
        ["ChannelDestroyed"] = typeof(ChannelDestroyedEvent),
        ["ChannelEnteredBridge"] = typeof(ChannelEnteredBridgeEvent),
        ["ChannelLeftBridge"] = typeof(ChannelLeftBridgeEvent),
        ["BridgeDestroyed"] = typeof(BridgeDestroyedEvent),
        ["Dial"] = typeof(DialEvent),
        ["PlaybackStarted"] = typeof(PlaybackStartedEvent),
        ["PlaybackFinished"] = typeof(PlaybackFinishedEvent),
        ["RecordingStarted"] = typeof(RecordingStartedEvent),
        ["RecordingFinished"] = typeof(RecordingFinishedEvent),
        ["RecordingFailed"] = typeof(RecordingFailedEvent),
    };

    /// <summary>
    /// Parses one WebSocket message. Returns null for event types the runtime does not read and for
    /// messages that are not an ARI event at all (logged by the caller, never thrown).
    /// </summary>
    public static AriEvent? Parse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            var type = FindType(reader);
            if (type is null || !All.TryGetValue(type, out var clr))
                return null;
            return (AriEvent?)JsonSerializer.Deserialize(utf8Json, clr, AriJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? FindType(Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType)
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            reader.Skip();
        }
        return null;
    }
}
