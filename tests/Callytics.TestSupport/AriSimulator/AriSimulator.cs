using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Callytics.TestSupport.AriSimulator;

/// <summary>
/// An in-process Asterisk ARI server on 127.0.0.1 (free port): the REST subset the runtime uses
/// and the events WebSocket, with Asterisk 22's event order (recorded in ari-spec/recorded),
/// scripted callers, scripted dialed parties and a leak check. All state changes happen under one
/// lock and events are queued in that order, so the event order is deterministic per call.
/// </summary>
public sealed partial class AriSimulator : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly AriSimulatorOptions _options;
    private readonly WebApplication _app;
    private readonly List<EventSocket> _sockets = [];
    private readonly List<SimRequest> _requests = [];
    private readonly List<SimEvent> _events = [];
    private readonly Dictionary<string, string> _channelApps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimChannel> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimBridge> _bridges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimPlayback> _playbacks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimRecording> _recordings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _stored = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _storedSeconds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DialedParty> _parties = new(StringComparer.Ordinal);
    private readonly HashSet<string> _subscriptions = new(StringComparer.Ordinal);
    private readonly List<SimCall> _calls = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _nextId;
    private int _connectionsAccepted;
    private readonly List<DateTimeOffset> _eventsRefusedAt = [];

    private AriSimulator(AriSimulatorOptions options, WebApplication app)
    {
        _options = options;
        _app = app;
    }

    /// <summary>The ARI base URL (<c>http://127.0.0.1:port/ari</c>).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The options in use.</summary>
    public AriSimulatorOptions Options => _options;

    /// <summary>Starts a simulator on a free loopback port.</summary>
    public static async Task<AriSimulator> StartAsync(AriSimulatorOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sim = new AriSimulator(options ?? new AriSimulatorOptions(), app);
        app.UseWebSockets();
        app.Run(sim.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sim.BaseUrl = address.TrimEnd('/') + "/ari";
        return sim;
    }

    // ------------------------------------------------------------------ test-facing API

    /// <summary>Says how a dialed endpoint (<c>PJSIP/201</c>) behaves. Endpoints not set are unavailable.</summary>
    public void SetParty(string endpoint, DialedParty party)
    {
        lock (_gate) _parties[endpoint] = party;
    }

    private readonly List<(string Method, string PathPart, int Status)> _faults = [];

    /// <summary>
    /// Makes the next request with this method whose path contains <paramref name="pathPart"/>
    /// fail with <paramref name="status"/> (an Asterisk that errs), without doing anything.
    /// </summary>
    public void FailNext(string method, string pathPart, int status = 500)
    {
        lock (_gate) _faults.Add((method, pathPart, status));
    }

    /// <summary>Every REST request so far.</summary>
    public IReadOnlyList<SimRequest> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    /// <summary>Every event sent so far, as "Type key" lines (key: the channel, playback, recording or bridge).</summary>
    public IReadOnlyList<string> EventLog
    {
        get { lock (_gate) return [.. _events.Select(e => e.ToString())]; }
    }

    /// <summary>Every event sent so far, with its time (for latencies seen from Asterisk's side).</summary>
    public IReadOnlyList<SimEvent> Events
    {
        get { lock (_gate) return [.. _events]; }
    }

    /// <summary>Stored recordings (name → format).</summary>
    public IReadOnlyDictionary<string, string> StoredRecordings
    {
        get { lock (_gate) return new Dictionary<string, string>(_stored); }
    }

    /// <summary>Channels alive now.</summary>
    public IReadOnlyList<SimChannel> Channels
    {
        get { lock (_gate) return [.. _channels.Values]; }
    }

    /// <summary>Bridges alive now (copies: safe to read while calls go on).</summary>
    public IReadOnlyList<BridgeSnapshot> Bridges
    {
        get { lock (_gate) return [.. _bridges.Values.Select(b => new BridgeSnapshot(b.Id, b.Type, [.. b.Channels], b.MusicOnHold))]; }
    }

    /// <summary>When an events WebSocket handshake was refused for its credentials (each attempt, in order).</summary>
    public IReadOnlyList<DateTimeOffset> EventConnectionsRefusedAt
    {
        get { lock (_eventsRefusedAt) return [.. _eventsRefusedAt]; }
    }

    /// <summary>How many event WebSocket connections were accepted so far.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);

    /// <summary>Plays accepted on a channel still leaving a destroyed bridge, and dropped as Asterisk drops them (<see cref="AriSimulatorOptions.BridgeDepartureWindow"/>).</summary>
    public int PlaybacksDropped { get; private set; }

    /// <summary>How many event WebSockets are open now.</summary>
    public int OpenSockets
    {
        get { lock (_gate) return _sockets.Count; }
    }

    /// <summary>
    /// Places an inbound call: the caller's channel enters the application (StasisStart, state Ring):
    /// <paramref name="application"/>, or the first one when null.
    /// </summary>
    public SimCall PlaceCall(ScriptedCaller caller, string? application = null)
    {
        application ??= _options.Application;
        if (!_options.Serves(application))
            throw new ArgumentException($"The simulator does not serve application {application}.", nameof(application));
        lock (_gate)
        {
            var (channel, call) = NewInboundLocked(caller, application);
            if (!_sockets.Any(s => s.Application == application))
            {
                // As Asterisk: Stasis() fails for an application without a connected event socket
                // ("not registered" / "not active"), and the dialplan goes on to Hangup(). The host
                // never hears of the call: it must not wait for one (CallRigFidelity shows it on Asterisk).
                HangupLocked(channel, 16);
                return call;
            }
            EnterStasisLocked(channel);
            return call;
        }
    }

    private (SimChannel Channel, SimCall Call) NewInboundLocked(ScriptedCaller caller, string application)
    {
        var n = ++_nextId;
        var channel = new SimChannel($"sim-{n}", $"PJSIP/{caller.CallerNumber}-{n:x8}", caller.CallerNumber, caller.DialedNumber, "from-pstn");
        var call = new SimCall(caller, channel.Id);
        channel.Call = call;
        AddChannelLocked(channel, application);
        _calls.Add(call);
        return (channel, call);
    }

    private void EnterStasisLocked(SimChannel channel)
    {
        channel.InStasis = true;
        Emit("StasisStart", channel.Id, e =>
        {
            e["args"] = new JsonArray();
            e["channel"] = SimJson.Channel(channel);
        });
    }

    /// <summary>
    /// Places an inbound call whose StasisStart is lost: the channel enters the application just as
    /// every events socket drops, so the event never reaches a host (what happens on Asterisk when the
    /// connection breaks with the event in flight). The hosts reconnect by themselves.
    /// </summary>
    public SimCall PlaceCallLosingItsStart(ScriptedCaller caller)
    {
        lock (_gate)
        {
            if (!_sockets.Any(s => s.Application == _options.Application))
                throw new InvalidOperationException("No host is connected: the call would be refused, not lost.");
            var (channel, call) = NewInboundLocked(caller, _options.Application);
            var sockets = _sockets.ToArray();
            _sockets.Clear();
            foreach (var s in sockets)
                s.Abort();
            EnterStasisLocked(channel); // sent to no socket: lost
            return call;
        }
    }

    /// <summary>Hangs a channel up from the far side (a caller or operator leaving).</summary>
    public void HangUpChannel(string channelId)
    {
        lock (_gate)
        {
            if (_channels.TryGetValue(channelId, out var channel))
            {
                if (channel.Call is { } call)
                    call.HungUpByCaller = true;
                HangupLocked(channel, 16);
            }
        }
    }

    /// <summary>Presses digits on a channel now (one ChannelDtmfReceived per digit).</summary>
    public void PressDigits(string channelId, string digits)
    {
        lock (_gate)
        {
            foreach (var d in digits)
                PressLocked(channelId, d);
        }
    }

    /// <summary>
    /// The far end of a channel talks for <paramref name="simulatedSeconds"/> (in <see cref="AriSimulatorOptions.SimulatedSecond"/>s)
    /// from now. Asterisk counts only audio received in a recording's duration: a silent caller records 0 s.
    /// </summary>
    public void Speak(string channelId, double simulatedSeconds = 2.5)
    {
        lock (_gate)
            SpeakLocked(channelId, simulatedSeconds);
    }

    private void SpeakLocked(string channelId, double simulatedSeconds)
    {
        if (!_channels.TryGetValue(channelId, out var c))
            return;
        var now = _options.Time.GetUtcNow();
        c.Audio.Add((now, now + _options.SimulatedSecond * simulatedSeconds));
    }

    /// <summary>Closes every events WebSocket abruptly (ARI restarting, network drop).</summary>
    public void DropEventSockets()
    {
        EventSocket[] sockets;
        lock (_gate)
        {
            sockets = [.. _sockets];
            _sockets.Clear();
        }
        foreach (var s in sockets)
            s.Abort();
    }

    /// <summary>
    /// Fails unless, within <paramref name="timeoutMs"/>, no channel, bridge, playback or live
    /// recording is left: everything the runtime created for the calls was released.
    /// </summary>
    public async Task AssertNoLeaksAsync(int timeoutMs = 2000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        string? leaks;
        while ((leaks = LeakReport()) is not null && DateTime.UtcNow < until)
            await Task.Delay(10).ConfigureAwait(false);
        if (leaks is not null)
            throw new InvalidOperationException("ARI resources left behind: " + leaks);
    }

    /// <summary>What is still alive, or null when nothing is.</summary>
    public string? LeakReport()
    {
        lock (_gate)
        {
            var parts = new List<string>();
            if (_channels.Count > 0) parts.Add("channels " + string.Join(", ", _channels.Keys));
            if (_bridges.Count > 0) parts.Add("bridges " + string.Join(", ", _bridges.Keys));
            if (_playbacks.Count > 0) parts.Add("playbacks " + string.Join(", ", _playbacks.Keys));
            if (_recordings.Count > 0) parts.Add("recordings " + string.Join(", ", _recordings.Keys));
            return parts.Count == 0 ? null : string.Join("; ", parts);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        DropEventSockets();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    // ------------------------------------------------------------------ HTTP and WebSocket

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/ari/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }
        if (!Authorized(context.Request))
        {
            if (path == "/ari/events")
                lock (_eventsRefusedAt) _eventsRefusedAt.Add(DateTimeOffset.UtcNow);
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(SimJson.Error("Authentication required")).ConfigureAwait(false);
            return;
        }
        var segments = path[5..].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (segments is ["events"])
        {
            await AcceptEventsAsync(context).ConfigureAwait(false);
            return;
        }
        var query = context.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
        if (context.Request.Method == "GET" && segments is ["recordings", "stored", var stored, "file"])
        {
            await ServeStoredFileAsync(context, stored, query).ConfigureAwait(false);
            return;
        }
        (int Status, JsonNode? Body) result;
        lock (_gate)
        {
            var requestPath = "/" + string.Join('/', segments);
            var fault = _faults.FindIndex(f => f.Method == context.Request.Method && requestPath.Contains(f.PathPart, StringComparison.Ordinal));
            if (fault >= 0)
            {
                result = (_faults[fault].Status, SimJson.Error("Injected failure"));
                _faults.RemoveAt(fault);
            }
            else
                result = Route(context.Request.Method, segments, new Query(query));
            _requests.Add(new SimRequest(context.Request.Method, "/" + string.Join('/', segments), query, result.Status) { At = _options.Time.GetUtcNow() });
        }
        context.Response.StatusCode = result.Status;
        if (result.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(result.Body.ToJsonString()).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>GET /recordings/stored/{name}/file</c>: the recording's audio, as long as the recording's duration
    /// (at least one second) and in its format: a 440 Hz tone, 8 kHz mono (WAV with 16-bit PCM, or raw µ-law).
    /// The only binary answer of the API, so it is served here rather than through <see cref="Route"/>.
    /// </summary>
    private async Task ServeStoredFileAsync(HttpContext context, string name, List<KeyValuePair<string, string>> query)
    {
        string? format;
        int seconds;
        lock (_gate)
        {
            format = _stored.GetValueOrDefault(name);
            seconds = Math.Max(1, _storedSeconds.GetValueOrDefault(name));
            _requests.Add(new SimRequest("GET", $"/recordings/stored/{name}/file", query, format is null ? 404 : 200) { At = _options.Time.GetUtcNow() });
        }
        if (format is null)
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsJsonAsync(SimJson.Error("Recording not found")).ConfigureAwait(false);
            return;
        }
        var samples = new short[seconds * 8000];
        for (var i = 0; i < samples.Length; i++) samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 8000.0));
        byte[] body;
        if (format == "wav")
        {
            using var wav = new MemoryStream();
            using (var w = new BinaryWriter(wav, Encoding.ASCII, leaveOpen: true))
            {
                w.Write("RIFF"u8); w.Write(36 + samples.Length * 2); w.Write("WAVE"u8);
                w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(8000); w.Write(16000); w.Write((short)2); w.Write((short)16);
                w.Write("data"u8); w.Write(samples.Length * 2);
                foreach (var sample in samples) w.Write(sample);
            }
            body = wav.ToArray();
        }
        else
            body = [.. samples.Select(MuLaw)];
        context.Response.StatusCode = 200;
        context.Response.ContentType = format == "wav" ? "audio/x-wav" : "application/octet-stream";
        await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
    }

    /// <summary>G.711 µ-law encoding of one 16-bit sample.</summary>
    private static byte MuLaw(short sample)
    {
        const int Bias = 0x84, Clip = 32635;
        var sign = sample < 0 ? 0x80 : 0;
        var magnitude = Math.Min(Math.Abs((int)sample), Clip) + Bias;
        var exponent = 7;
        for (var mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) exponent--;
        var mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    private bool Authorized(HttpRequest request)
    {
        var expected = $"{_options.User}:{_options.Password}";
        if (request.Query.TryGetValue("api_key", out var key))
            return key == expected;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
            return false;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])) == expected;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private async Task AcceptEventsAsync(HttpContext context)
    {
        var app = context.Request.Query["app"].ToString();
        if (!context.WebSockets.IsWebSocketRequest || !_options.Serves(app))
        {
            context.Response.StatusCode = 400;
            return;
        }
        using var ws = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var socket = new EventSocket(ws, app);
        lock (_gate) _sockets.Add(socket);
        Interlocked.Increment(ref _connectionsAccepted);
        try
        {
            await socket.RunAsync(_stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate) _sockets.Remove(socket);
        }
    }

    /// <summary>One events connection: a queue of messages written in order, and a reader that notices the close.</summary>
    private sealed class EventSocket(WebSocket socket, string application)
    {
        public string Application => application;

        private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

        public void Send(byte[] message) => _outbox.Writer.TryWrite(message);

        public void Abort()
        {
            _outbox.Writer.TryComplete();
            socket.Abort();
        }

        public async Task RunAsync(CancellationToken ct)
        {
            var reader = DrainIncomingAsync(ct);
            try
            {
                await foreach (var message in _outbox.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                    await socket.SendAsync(message, WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the simulator stops.
            }
            socket.Abort();
            await reader.ConfigureAwait(false);
        }

        private async Task DrainIncomingAsync(CancellationToken ct)
        {
            var buffer = new byte[1024];
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var r = await socket.ReceiveAsync(buffer, ct).ConfigureAwait(false);
                    if (r.MessageType == WebSocketMessageType.Close)
                        break;
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Closed.
            }
            _outbox.Writer.TryComplete();
        }
    }

    // ------------------------------------------------------------------ events and time

    /// <summary>
    /// Queues an event to the sockets of the applications concerned (see <see cref="ApplicationsFor"/>).
    /// <paramref name="route"/> names what else the event is about (<c>channel:id</c>, <c>bridge:id</c>). Call under the lock.
    /// </summary>
    private void Emit(string type, string key, Action<JsonObject> fill, string? route = null)
    {
        var now = _options.Time.GetUtcNow();
        var e = new JsonObject { ["type"] = type, ["timestamp"] = SimJson.Timestamp(now) };
        fill(e);
        e["asterisk_id"] = SimJson.AsteriskId;
        var bridgeId = type is "ChannelEnteredBridge" or "ChannelLeftBridge" && route is not null ? route["bridge:".Length..] : null;
        _events.Add(new SimEvent(now, type, key, bridgeId));
        var apps = ApplicationsFor(key, route);
        foreach (var group in _sockets.Where(s => apps is null || apps.Contains(s.Application)).GroupBy(s => s.Application))
        {
            e["application"] = group.Key;
            var bytes = Encoding.UTF8.GetBytes(e.ToJsonString());
            foreach (var s in group)
                s.Send(bytes);
        }
    }

    /// <summary>
    /// Asterisk sends an event to the applications subscribed to what it is about: the channel's own
    /// application, and for a bridge those of the channels in it. Null (every socket) when none is known.
    /// </summary>
    private HashSet<string>? ApplicationsFor(string key, string? route)
    {
        var apps = new HashSet<string>(StringComparer.Ordinal);
        AddApplicationOf(apps, key);
        if (route is not null && route.StartsWith("channel:", StringComparison.Ordinal))
            AddApplicationOf(apps, route["channel:".Length..]);
        else if (route is not null && route.StartsWith("bridge:", StringComparison.Ordinal) && _bridges.TryGetValue(route["bridge:".Length..], out var bridge))
            foreach (var channel in bridge.Channels)
                AddApplicationOf(apps, channel);
        return apps.Count == 0 ? null : apps;
    }

    private void AddApplicationOf(HashSet<string> apps, string channelId)
    {
        if (_channelApps.TryGetValue(channelId, out var app))
            apps.Add(app);
    }

    /// <summary>Adds a channel in <paramref name="application"/>. Call under the lock.</summary>
    private void AddChannelLocked(SimChannel channel, string application)
    {
        channel.Application = application;
        _channels[channel.Id] = channel;
        // Kept after the channel is gone: its last events (StasisEnd, ChannelDestroyed) still go to its application.
        _channelApps[channel.Id] = application;
    }

    /// <summary>Runs <paramref name="action"/> under the lock after <paramref name="delay"/> (simulator time).</summary>
    private void Schedule(TimeSpan delay, Action action) => _ = RunLaterAsync(delay, action);

    private async Task RunLaterAsync(TimeSpan delay, Action action)
    {
        try
        {
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, _options.Time, _stopping.Token).ConfigureAwait(false);
            else
                await Task.Yield();
            lock (_gate)
            {
                if (!_stopping.IsCancellationRequested)
                    action();
            }
        }
        catch (OperationCanceledException)
        {
            // Simulator stopped.
        }
    }

    private TimeSpan Seconds(int seconds) => _options.SimulatedSecond * seconds;

    private string NewId(string prefix) => $"{prefix}-{++_nextId}";

    /// <summary>Query parameters of one request.</summary>
    private sealed class Query(List<KeyValuePair<string, string>> values)
    {
        public string? this[string name] => values.FirstOrDefault(v => v.Key == name).Value;

        public int Int(string name, int fallback) =>
            int.TryParse(this[name], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    private static (int, JsonNode?) NotFound(string what) => (404, SimJson.Error(what + " not found"));
    private static (int, JsonNode?) NoContent => (204, null);
}
