using System.Text.Json.Serialization;

namespace Callytics.Runtime.Ari.Client;

/// <summary>Names the model in Asterisk's api-docs that a type reads, so the conformance test can check its fields.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AriModelAttribute(string model) : Attribute
{
    /// <summary>The model name (<c>Channel</c>, <c>StasisStart</c>, ...).</summary>
    public string Model { get; } = model;
}

/// <summary>Caller or connected-line identification.</summary>
[AriModel("CallerID")]
public sealed class AriCallerId
{
    /// <summary>Display name.</summary>
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    /// <summary>Number.</summary>
    [JsonPropertyName("number")] public string Number { get; set; } = "";
}

/// <summary>Where a channel is in the dialplan.</summary>
[AriModel("DialplanCEP")]
public sealed class AriDialplan
{
    /// <summary>Context.</summary>
    [JsonPropertyName("context")] public string Context { get; set; } = "";
    /// <summary>Extension: for an inbound call, the number the caller dialed.</summary>
    [JsonPropertyName("exten")] public string Exten { get; set; } = "";
    /// <summary>The dialplan application the channel is running (<c>Stasis</c> for a channel in an ARI application).</summary>
    [JsonPropertyName("app_name")] public string AppName { get; set; } = "";
    /// <summary>Its argument: for <c>Stasis</c>, the application name, then <c>,</c> and the arguments if any.</summary>
    [JsonPropertyName("app_data")] public string AppData { get; set; } = "";
}

/// <summary>A channel.</summary>
[AriModel("Channel")]
public sealed class AriChannel
{
    /// <summary>Unique id.</summary>
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    /// <summary>Name (<c>PJSIP/201-0000002a</c>).</summary>
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    /// <summary>Down, Ring, Ringing, Up, Busy, ...</summary>
    [JsonPropertyName("state")] public string State { get; set; } = "";
    /// <summary>Caller id.</summary>
    [JsonPropertyName("caller")] public AriCallerId Caller { get; set; } = new();
    /// <summary>Dialplan location.</summary>
    [JsonPropertyName("dialplan")] public AriDialplan Dialplan { get; set; } = new();
}

/// <summary>A bridge.</summary>
[AriModel("Bridge")]
public sealed class AriBridge
{
    /// <summary>Unique id.</summary>
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    /// <summary>Ids of the channels in the bridge.</summary>
    [JsonPropertyName("channels")] public List<string> Channels { get; set; } = [];
}

/// <summary>A playback.</summary>
[AriModel("Playback")]
public sealed class AriPlayback
{
    /// <summary>Unique id.</summary>
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    /// <summary>queued, playing, continuing, done, failed.</summary>
    [JsonPropertyName("state")] public string State { get; set; } = "";
    /// <summary><c>channel:&lt;id&gt;</c> or <c>bridge:&lt;id&gt;</c>.</summary>
    [JsonPropertyName("target_uri")] public string TargetUri { get; set; } = "";
}

/// <summary>A recording in progress (or just ended).</summary>
[AriModel("LiveRecording")]
public sealed class AriLiveRecording
{
    /// <summary>The recording name.</summary>
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    /// <summary>File format.</summary>
    [JsonPropertyName("format")] public string Format { get; set; } = "";
    /// <summary>queued, recording, paused, done, failed, canceled.</summary>
    [JsonPropertyName("state")] public string State { get; set; } = "";
    /// <summary>Length in seconds (sent when done).</summary>
    [JsonPropertyName("duration")] public int? Duration { get; set; }
    /// <summary>Why it failed.</summary>
    [JsonPropertyName("cause")] public string? Cause { get; set; }
}

/// <summary>A recording kept on the server.</summary>
[AriModel("StoredRecording")]
public sealed class AriStoredRecording
{
    /// <summary>The recording name.</summary>
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    /// <summary>File format.</summary>
    [JsonPropertyName("format")] public string Format { get; set; } = "";
}

/// <summary>The value of a channel variable.</summary>
[AriModel("Variable")]
public sealed class AriVariable
{
    /// <summary>The value.</summary>
    [JsonPropertyName("value")] public string Value { get; set; } = "";
}
