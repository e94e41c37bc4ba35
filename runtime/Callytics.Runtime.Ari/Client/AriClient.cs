using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Callytics.Runtime.Ari.Client;

/// <summary>Observes ARI round trips (for /metrics).</summary>
public interface IAriRequestObserver
{
    /// <summary>Called after every REST request, successful or not.</summary>
    void OnRequest(AriRoute route, int status, TimeSpan elapsed);
}

/// <summary>
/// The typed ARI REST client. Every request goes through <see cref="SendAsync"/> with a route from
/// <see cref="AriRoutes"/>; a query parameter that the route does not declare is refused before
/// anything is sent, so the route table is the whole truth about what the client can send.
/// </summary>
public sealed class AriClient
{
    private readonly HttpClient _http;
    private readonly AriOptions _options;
    private readonly IAriRequestObserver? _observer;

    /// <summary>Creates a client. <paramref name="http"/> is not disposed by the client.</summary>
    public AriClient(HttpClient http, AriOptions options, IAriRequestObserver? observer = null)
    {
        _http = http;
        _options = options;
        _observer = observer;
    }

    /// <summary>
    /// A client sharing this one's connection pool and options that also reports its requests to
    /// <paramref name="extra"/> (a call measuring its own reaction times).
    /// </summary>
    public AriClient WithObserver(IAriRequestObserver extra) =>
        new(_http, _options, _observer is null ? extra : new BothObservers(_observer, extra));

    private sealed class BothObservers(IAriRequestObserver first, IAriRequestObserver second) : IAriRequestObserver
    {
        public void OnRequest(AriRoute route, int status, TimeSpan elapsed)
        {
            first.OnRequest(route, status, elapsed);
            second.OnRequest(route, status, elapsed);
        }
    }

    /// <summary>The options this client uses.</summary>
    public AriOptions Options => _options;

    // ---- channels ----

    /// <summary>Originates a channel to <paramref name="endpoint"/> that enters the application when answered.</summary>
    public Task<AriChannel> OriginateAsync(string endpoint, string channelId, string appArgs, string? callerId, int timeoutSeconds, CancellationToken ct) =>
        SendAsync<AriChannel>(AriRoutes.Originate, [], [
            ("endpoint", endpoint), ("app", _options.Application), ("appArgs", appArgs),
            ("callerId", callerId), ("timeout", Invariant(timeoutSeconds)), ("channelId", channelId)], ct);

    /// <summary>Lists every channel Asterisk has.</summary>
    public Task<AriChannel[]> ListChannelsAsync(CancellationToken ct) =>
        SendAsync<AriChannel[]>(AriRoutes.ListChannels, [], [], ct);

    /// <summary>Gets a channel's details.</summary>
    public Task<AriChannel> GetChannelAsync(string channelId, CancellationToken ct) =>
        SendAsync<AriChannel>(AriRoutes.GetChannel, [channelId], [], ct);

    /// <summary>Hangs a channel up.</summary>
    public Task HangupAsync(string channelId, CancellationToken ct) =>
        SendAsync(AriRoutes.Hangup, [channelId], [("reason", "normal")], ct);

    /// <summary>Answers a channel.</summary>
    public Task AnswerAsync(string channelId, CancellationToken ct) => SendAsync(AriRoutes.Answer, [channelId], [], ct);

    /// <summary>Plays ringing tone to a channel.</summary>
    public Task StartRingingAsync(string channelId, CancellationToken ct) => SendAsync(AriRoutes.StartRinging, [channelId], [], ct);

    /// <summary>Stops ringing tone.</summary>
    public Task StopRingingAsync(string channelId, CancellationToken ct) => SendAsync(AriRoutes.StopRinging, [channelId], [], ct);

    /// <summary>Starts music on hold on a channel.</summary>
    public Task StartMohAsync(string channelId, CancellationToken ct) =>
        SendAsync(AriRoutes.StartChannelMoh, [channelId], [("mohClass", "default")], ct);

    /// <summary>Stops music on hold on a channel.</summary>
    public Task StopMohAsync(string channelId, CancellationToken ct) => SendAsync(AriRoutes.StopChannelMoh, [channelId], [], ct);

    /// <summary>Plays a playlist (media URIs, played back to back) to a channel.</summary>
    public Task<AriPlayback> PlayOnChannelAsync(string channelId, string playbackId, IEnumerable<string> media, CancellationToken ct) =>
        SendAsync<AriPlayback>(AriRoutes.PlayOnChannel, [channelId], [("media", string.Join(',', media)), ("playbackId", playbackId)], ct);

    /// <summary>Records a channel (never a channel in a bridge: ARI fails that; record the bridge).</summary>
    public Task<AriLiveRecording> RecordChannelAsync(string channelId, string name, string format, int maxDurationSeconds, bool beep, string terminateOn, CancellationToken ct) =>
        SendAsync<AriLiveRecording>(AriRoutes.RecordChannel, [channelId], [
            ("name", name), ("format", format), ("maxDurationSeconds", Invariant(maxDurationSeconds)),
            ("ifExists", "fail"), ("beep", beep ? "true" : "false"), ("terminateOn", terminateOn)], ct);

    /// <summary>Sends DTMF to a channel.</summary>
    public Task SendDtmfAsync(string channelId, string digits, CancellationToken ct) =>
        SendAsync(AriRoutes.SendDtmf, [channelId], [("dtmf", digits)], ct);

    /// <summary>Reads a channel variable.</summary>
    public async Task<string> GetVariableAsync(string channelId, string variable, CancellationToken ct) =>
        (await SendAsync<AriVariable>(AriRoutes.GetChannelVariable, [channelId], [("variable", variable)], ct).ConfigureAwait(false)).Value;

    /// <summary>Sets a channel variable.</summary>
    public Task SetVariableAsync(string channelId, string variable, string value, CancellationToken ct) =>
        SendAsync(AriRoutes.SetChannelVariable, [channelId], [("variable", variable), ("value", value)], ct);

    // ---- bridges ----

    /// <summary>Creates a bridge of the given type (<c>mixing,dtmf_events</c> for calls).</summary>
    public Task<AriBridge> CreateBridgeAsync(string bridgeId, string type, string name, CancellationToken ct) =>
        SendAsync<AriBridge>(AriRoutes.CreateBridge, [], [("type", type), ("bridgeId", bridgeId), ("name", name)], ct);

    /// <summary>Destroys a bridge (channels in it stay up).</summary>
    public Task DestroyBridgeAsync(string bridgeId, CancellationToken ct) => SendAsync(AriRoutes.DestroyBridge, [bridgeId], [], ct);

    /// <summary>Adds channels to a bridge.</summary>
    public Task AddChannelsAsync(string bridgeId, IEnumerable<string> channelIds, CancellationToken ct) =>
        SendAsync(AriRoutes.AddChannel, [bridgeId], [("channel", string.Join(',', channelIds))], ct);

    /// <summary>Removes a channel from a bridge.</summary>
    public Task RemoveChannelAsync(string bridgeId, string channelId, CancellationToken ct) =>
        SendAsync(AriRoutes.RemoveChannel, [bridgeId], [("channel", channelId)], ct);

    /// <summary>Plays a playlist to a bridge.</summary>
    public Task<AriPlayback> PlayOnBridgeAsync(string bridgeId, string playbackId, IEnumerable<string> media, CancellationToken ct) =>
        SendAsync<AriPlayback>(AriRoutes.PlayOnBridge, [bridgeId], [("media", string.Join(',', media)), ("playbackId", playbackId)], ct);

    /// <summary>Records a bridge.</summary>
    public Task<AriLiveRecording> RecordBridgeAsync(string bridgeId, string name, string format, CancellationToken ct) =>
        SendAsync<AriLiveRecording>(AriRoutes.RecordBridge, [bridgeId], [("name", name), ("format", format), ("ifExists", "fail")], ct);

    /// <summary>Starts music on hold in a bridge.</summary>
    public Task StartBridgeMohAsync(string bridgeId, CancellationToken ct) =>
        SendAsync(AriRoutes.StartBridgeMoh, [bridgeId], [("mohClass", "default")], ct);

    /// <summary>Stops music on hold in a bridge.</summary>
    public Task StopBridgeMohAsync(string bridgeId, CancellationToken ct) => SendAsync(AriRoutes.StopBridgeMoh, [bridgeId], [], ct);

    // ---- playbacks, recordings, applications ----

    /// <summary>Gets a playback.</summary>
    public Task<AriPlayback> GetPlaybackAsync(string playbackId, CancellationToken ct) =>
        SendAsync<AriPlayback>(AriRoutes.GetPlayback, [playbackId], [], ct);

    /// <summary>Stops a playback (ARI still sends PlaybackFinished).</summary>
    public Task StopPlaybackAsync(string playbackId, CancellationToken ct) => SendAsync(AriRoutes.StopPlayback, [playbackId], [], ct);

    /// <summary>Gets a live recording.</summary>
    public Task<AriLiveRecording> GetLiveRecordingAsync(string name, CancellationToken ct) =>
        SendAsync<AriLiveRecording>(AriRoutes.GetLiveRecording, [name], [], ct);

    /// <summary>Stops a live recording and stores it.</summary>
    public Task StopRecordingAsync(string name, CancellationToken ct) => SendAsync(AriRoutes.StopRecording, [name], [], ct);

    /// <summary>Gets a stored recording.</summary>
    public Task<AriStoredRecording> GetStoredRecordingAsync(string name, CancellationToken ct) =>
        SendAsync<AriStoredRecording>(AriRoutes.GetStoredRecording, [name], [], ct);

    /// <summary>A stored recording's audio, as Asterisk stored it (the voicemail inbox's download).</summary>
    public Task<byte[]> GetStoredRecordingFileAsync(string name, CancellationToken ct) =>
        SendCoreAsync(AriRoutes.GetStoredRecordingFile, [name], [], readBody: true, ct);

    /// <summary>Deletes a stored recording.</summary>
    public Task DeleteStoredRecordingAsync(string name, CancellationToken ct) => SendAsync(AriRoutes.DeleteStoredRecording, [name], [], ct);

    /// <summary>Subscribes the application to an event source such as <c>bridge:&lt;id&gt;</c>.</summary>
    public Task SubscribeAsync(string eventSource, CancellationToken ct) =>
        SendAsync(AriRoutes.Subscribe, [_options.Application], [("eventSource", eventSource)], ct);

    // ---- plumbing ----

    /// <summary>Sends a request and reads a JSON body.</summary>
    public async Task<T> SendAsync<T>(AriRoute route, string[] pathValues, (string Name, string? Value)[] query, CancellationToken ct)
    {
        var body = await SendCoreAsync(route, pathValues, query, readBody: true, ct).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize<T>(body, AriJson.Options)
                ?? throw new AriRequestException(route, 200, "empty body");
        }
        catch (JsonException e)
        {
            throw new AriRequestException(route, 200, "unreadable body", e);
        }
    }

    /// <summary>Sends a request whose body is not needed.</summary>
    public Task SendAsync(AriRoute route, string[] pathValues, (string Name, string? Value)[] query, CancellationToken ct) =>
        SendCoreAsync(route, pathValues, query, readBody: false, ct);

    /// <summary>Builds the relative URL for a route (path values escaped, null query values left out).</summary>
    public static string BuildUrl(AriRoute route, string[] pathValues, (string Name, string? Value)[] query)
    {
        var url = new StringBuilder(route.Expand(pathValues).TrimStart('/'));
        var separator = '?';
        foreach (var (name, value) in query)
        {
            if (!route.Query.Contains(name))
                throw new InvalidOperationException($"ARI route {route} does not take the query parameter '{name}'.");
            if (value is null)
                continue;
            url.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return url.ToString();
    }

    private async Task<byte[]> SendCoreAsync(AriRoute route, string[] pathValues, (string Name, string? Value)[] query, bool readBody, CancellationToken ct)
    {
        var url = BuildUrl(route, pathValues, query);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), new Uri(_options.BaseUri, url));
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(_options.BasicAuthorization);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        var started = Stopwatch.GetTimestamp();
        var status = 0;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            var body = readBody || !response.IsSuccessStatusCode
                ? await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false)
                : [];
            if (!response.IsSuccessStatusCode)
                throw new AriRequestException(route, status, ErrorMessage(body));
            return body;
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new AriRequestException(route, 0, "timed out", e);
        }
        catch (HttpRequestException e)
        {
            throw new AriRequestException(route, 0, e.Message, e);
        }
        finally
        {
            _observer?.OnRequest(route, status, Stopwatch.GetElapsedTime(started));
        }
    }

    private static string ErrorMessage(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m))
                return m.GetString() ?? "";
        }
        catch (JsonException)
        {
            // Not JSON: fall through to a short raw excerpt.
        }
        var text = Encoding.UTF8.GetString(body);
        return text.Length > 200 ? text[..200] : text;
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
