namespace Callytics.Runtime.Ari.Client;

/// <summary>
/// One ARI operation the client uses: the HTTP method, the path template as Asterisk's
/// api-docs write it (<c>/channels/{channelId}/play</c>) and the query parameters the client may send.
/// The conformance test checks every route against Asterisk's own description.
/// </summary>
/// <param name="Method">GET, POST, PUT or DELETE.</param>
/// <param name="Path">The path template, relative to the ARI base URL.</param>
/// <param name="Query">Query parameters the client is allowed to send on this route.</param>
public sealed record AriRoute(string Method, string Path, IReadOnlyList<string> Query)
{
    /// <summary>Fills the path template with <paramref name="pathValues"/>, in order, escaping each value.</summary>
    public string Expand(params string[] pathValues)
    {
        var result = new System.Text.StringBuilder(Path.Length + 32);
        var next = 0;
        for (var i = 0; i < Path.Length; i++)
        {
            if (Path[i] != '{')
            {
                result.Append(Path[i]);
                continue;
            }
            var close = Path.IndexOf('}', i);
            if (next >= pathValues.Length)
                throw new ArgumentException($"Route {Method} {Path} needs more path values.", nameof(pathValues));
            result.Append(Uri.EscapeDataString(pathValues[next++]));
            i = close;
        }
        if (next != pathValues.Length)
            throw new ArgumentException($"Route {Method} {Path} takes {next} path values, got {pathValues.Length}.", nameof(pathValues));
        return result.ToString();
    }

    /// <summary>The names of the path parameters, in order (<c>channelId</c>, ...).</summary>
    public IEnumerable<string> PathParameters()
    {
        for (var i = Path.IndexOf('{'); i >= 0; i = Path.IndexOf('{', i + 1))
            yield return Path[(i + 1)..Path.IndexOf('}', i)];
    }

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>
/// Every ARI route the runtime uses, in one table. Nothing else in the client builds a URL, so the
/// conformance test that walks <see cref="All"/> covers everything the runtime can send.
/// </summary>
public static class AriRoutes
{
    /// <summary>Originate a channel into the Stasis application.</summary>
    public static readonly AriRoute Originate = new("POST", "/channels",
        ["endpoint", "app", "appArgs", "callerId", "timeout", "channelId"]);
    /// <summary>List every channel (after a reconnect: calls whose StasisStart was lost with the socket).</summary>
    public static readonly AriRoute ListChannels = new("GET", "/channels", []);
    /// <summary>Get a channel's details.</summary>
    public static readonly AriRoute GetChannel = new("GET", "/channels/{channelId}", []);
    /// <summary>Hang a channel up.</summary>
    public static readonly AriRoute Hangup = new("DELETE", "/channels/{channelId}", ["reason"]);
    /// <summary>Answer a channel.</summary>
    public static readonly AriRoute Answer = new("POST", "/channels/{channelId}/answer", []);
    /// <summary>Play ringing tone to a channel.</summary>
    public static readonly AriRoute StartRinging = new("POST", "/channels/{channelId}/ring", []);
    /// <summary>Stop ringing tone.</summary>
    public static readonly AriRoute StopRinging = new("DELETE", "/channels/{channelId}/ring", []);
    /// <summary>Start music on hold on a channel.</summary>
    public static readonly AriRoute StartChannelMoh = new("POST", "/channels/{channelId}/moh", ["mohClass"]);
    /// <summary>Stop music on hold on a channel.</summary>
    public static readonly AriRoute StopChannelMoh = new("DELETE", "/channels/{channelId}/moh", []);
    /// <summary>Play media (a comma-separated playlist) to a channel.</summary>
    public static readonly AriRoute PlayOnChannel = new("POST", "/channels/{channelId}/play", ["media", "playbackId"]);
    /// <summary>Record a channel.</summary>
    public static readonly AriRoute RecordChannel = new("POST", "/channels/{channelId}/record",
        ["name", "format", "maxDurationSeconds", "maxSilenceSeconds", "ifExists", "beep", "terminateOn"]);
    /// <summary>Send DTMF to a channel.</summary>
    public static readonly AriRoute SendDtmf = new("POST", "/channels/{channelId}/dtmf", ["dtmf", "between", "duration"]);
    /// <summary>Read a channel variable.</summary>
    public static readonly AriRoute GetChannelVariable = new("GET", "/channels/{channelId}/variable", ["variable"]);
    /// <summary>Set a channel variable.</summary>
    public static readonly AriRoute SetChannelVariable = new("POST", "/channels/{channelId}/variable", ["variable", "value"]);
    /// <summary>Create a bridge.</summary>
    public static readonly AriRoute CreateBridge = new("POST", "/bridges", ["type", "bridgeId", "name"]);
    /// <summary>Destroy a bridge.</summary>
    public static readonly AriRoute DestroyBridge = new("DELETE", "/bridges/{bridgeId}", []);
    /// <summary>Add channels to a bridge.</summary>
    public static readonly AriRoute AddChannel = new("POST", "/bridges/{bridgeId}/addChannel", ["channel"]);
    /// <summary>Remove channels from a bridge.</summary>
    public static readonly AriRoute RemoveChannel = new("POST", "/bridges/{bridgeId}/removeChannel", ["channel"]);
    /// <summary>Play media to everyone in a bridge.</summary>
    public static readonly AriRoute PlayOnBridge = new("POST", "/bridges/{bridgeId}/play", ["media", "playbackId"]);
    /// <summary>Record a bridge.</summary>
    public static readonly AriRoute RecordBridge = new("POST", "/bridges/{bridgeId}/record",
        ["name", "format", "maxDurationSeconds", "ifExists", "beep"]);
    /// <summary>Start music on hold in a bridge.</summary>
    public static readonly AriRoute StartBridgeMoh = new("POST", "/bridges/{bridgeId}/moh", ["mohClass"]);
    /// <summary>Stop music on hold in a bridge.</summary>
    public static readonly AriRoute StopBridgeMoh = new("DELETE", "/bridges/{bridgeId}/moh", []);
    /// <summary>Get a playback.</summary>
    public static readonly AriRoute GetPlayback = new("GET", "/playbacks/{playbackId}", []);
    /// <summary>Stop a playback.</summary>
    public static readonly AriRoute StopPlayback = new("DELETE", "/playbacks/{playbackId}", []);
    /// <summary>Get a live recording.</summary>
    public static readonly AriRoute GetLiveRecording = new("GET", "/recordings/live/{recordingName}", []);
    /// <summary>Stop a live recording and keep it.</summary>
    public static readonly AriRoute StopRecording = new("POST", "/recordings/live/{recordingName}/stop", []);
    /// <summary>Get a stored recording.</summary>
    public static readonly AriRoute GetStoredRecording = new("GET", "/recordings/stored/{recordingName}", []);
    /// <summary>Get a stored recording's audio.</summary>
    public static readonly AriRoute GetStoredRecordingFile = new("GET", "/recordings/stored/{recordingName}/file", []);
    /// <summary>Delete a stored recording.</summary>
    public static readonly AriRoute DeleteStoredRecording = new("DELETE", "/recordings/stored/{recordingName}", []);
    /// <summary>Subscribe the application to an event source (<c>bridge:&lt;id&gt;</c>, ...).</summary>
    public static readonly AriRoute Subscribe = new("POST", "/applications/{applicationName}/subscription", ["eventSource"]);
    /// <summary>The events WebSocket.</summary>
    public static readonly AriRoute Events = new("GET", "/events", ["app", "subscribeAll"]);

    /// <summary>Every route above.</summary>
    public static readonly IReadOnlyList<AriRoute> All =
    [
        Originate, ListChannels, GetChannel, Hangup, Answer, StartRinging, StopRinging, StartChannelMoh, StopChannelMoh,
        PlayOnChannel, RecordChannel, SendDtmf, GetChannelVariable, SetChannelVariable,
        CreateBridge, DestroyBridge, AddChannel, RemoveChannel, PlayOnBridge, RecordBridge, StartBridgeMoh, StopBridgeMoh,
        GetPlayback, StopPlayback, GetLiveRecording, StopRecording, GetStoredRecording, GetStoredRecordingFile, DeleteStoredRecording, Subscribe, Events,
    ];
}
