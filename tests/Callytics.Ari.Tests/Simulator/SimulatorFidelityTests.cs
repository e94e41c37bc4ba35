using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Callytics.TestSupport.AriSimulator;

namespace Callytics.Ari.Tests.Simulator;

/// <summary>The simulator behaves like the recorded Asterisk 22 session (ari-spec/recorded).</summary>
public sealed class SimulatorFidelityTests
{
    private static readonly AriSpec Spec = AriSpec.Load();

    /// <summary>A raw events client, to see exactly what the simulator sends.</summary>
    private static async Task<(ClientWebSocket Socket, List<JsonElement> Events, Task Reader)> ListenAsync(AriSimulator sim, string? app = null, int sockets = 1)
    {
        var ws = new ClientWebSocket();
        ws.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sim.Options.User}:{sim.Options.Password}")));
        await ws.ConnectAsync(new Uri(sim.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/events?app=" + (app ?? sim.Options.Application)), CancellationToken.None);
        var events = new List<JsonElement>();
        var reader = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    var r = await ws.ReceiveAsync(buffer, CancellationToken.None);
                    if (r.MessageType == WebSocketMessageType.Close) return;
                    lock (events) events.Add(JsonDocument.Parse(buffer.AsMemory(0, r.Count)).RootElement.Clone());
                }
            }
            catch (WebSocketException)
            {
                // Closed by the simulator.
            }
        });
        await WaitAsync(() => sim.OpenSockets == sockets);
        return (ws, events, reader);
    }

    private static Task WaitAsync(Func<bool> condition) => Calls.DialTests.WaitUntilAsync(condition);

    private static async Task<HttpResponseMessage> SendAsync(AriSimulator sim, HttpMethod method, string pathAndQuery)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, sim.BaseUrl + pathAndQuery);
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sim.Options.User}:{sim.Options.Password}")));
        return await http.SendAsync(request);
    }

    /// <summary>(type, channel id or null, application) of each event received.</summary>
    private static List<(string Type, string? Channel, string App)> Seen(List<JsonElement> events)
    {
        lock (events)
            return [.. events.Select(e => (e.GetProperty("type").GetString()!,
                e.TryGetProperty("channel", out var c) ? c.GetProperty("id").GetString() : null,
                e.GetProperty("application").GetString()!))];
    }

    [Fact]
    public async Task With_several_applications_each_hears_its_own_channels_and_the_bridge_its_channel_is_in()
    {
        await using var sim = await AriSimulator.StartAsync(new AriSimulatorOptions { Application = "host-a", MoreApplications = ["host-b"] });
        var (_, a, _) = await ListenAsync(sim, "host-a", sockets: 1);
        var (_, b, _) = await ListenAsync(sim, "host-b", sockets: 2);
        Assert.Throws<ArgumentException>(() => sim.PlaceCall(new ScriptedCaller("5550009", "500"), "host-c"));

        var onA = sim.PlaceCall(new ScriptedCaller("5550001", "500"), "host-a");
        var onB = sim.PlaceCall(new ScriptedCaller("5550002", "900"), "host-b");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await SendAsync(sim, HttpMethod.Post, "/bridges?bridgeId=br1&type=mixing")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await SendAsync(sim, HttpMethod.Post, $"/bridges/br1/addChannel?channel={onA.ChannelId},{onB.ChannelId}")).StatusCode);
        sim.HangUpChannel(onA.ChannelId);
        await WaitAsync(() => Seen(a).Any(e => e.Type == "ChannelDestroyed") && Seen(b).Any(e => e.Type == "ChannelLeftBridge"));

        Assert.Equal([onA.ChannelId], Seen(a).Where(e => e.Type == "StasisStart").Select(e => e.Channel));
        Assert.Equal([onB.ChannelId], Seen(b).Where(e => e.Type == "StasisStart").Select(e => e.Channel));
        // As in Asterisk, an application subscribes to the bridge when its channel joins: host-b hears from then on.
        Assert.Equal([onA.ChannelId, onB.ChannelId], Seen(a).Where(e => e.Type == "ChannelEnteredBridge").Select(e => e.Channel));
        Assert.Equal([onB.ChannelId], Seen(b).Where(e => e.Type == "ChannelEnteredBridge").Select(e => e.Channel));
        // host-b hears host-a's channel leave the bridge they share, but not that channel's own end.
        Assert.Equal([onA.ChannelId], Seen(b).Where(e => e.Type == "ChannelLeftBridge").Select(e => e.Channel));
        Assert.DoesNotContain(Seen(b), e => e.Channel == onA.ChannelId && e.Type is "ChannelHangupRequest" or "StasisEnd" or "ChannelDestroyed");
        Assert.All(Seen(a), e => Assert.Equal("host-a", e.App));
        Assert.All(Seen(b), e => Assert.Equal("host-b", e.App));
        Assert.Equal("host-b", Assert.Single(sim.Channels, c => c.Id == onB.ChannelId).Application);
    }

    [Fact]
    public async Task Events_carry_only_fields_ARI_defines_and_an_answered_originate_follows_the_recorded_order()
    {
        await using var sim = await AriSimulator.StartAsync();
        var (ws, events, _) = await ListenAsync(sim);
        sim.SetParty("PJSIP/201", DialedParty.Answers(afterMs: 5));
        var call = sim.PlaceCall(new ScriptedCaller("5551234", "100"));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await SendAsync(sim, HttpMethod.Post, $"/channels/{call.ChannelId}/answer")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await SendAsync(sim, HttpMethod.Post, "/channels?endpoint=PJSIP%2F201&app=callytics&appArgs=a,b&channelId=leg1")).StatusCode);
        await WaitAsync(() => sim.EventLog.Contains("StasisStart leg1"));
        Assert.Equal(System.Net.HttpStatusCode.Created, (await SendAsync(sim, HttpMethod.Post, $"/channels/{call.ChannelId}/play?media=sound:a,sound:b&playbackId=pb1")).StatusCode);
        await WaitAsync(() => sim.EventLog.Contains("PlaybackFinished pb1"));
        await SendAsync(sim, HttpMethod.Delete, "/channels/leg1");
        sim.HangUpChannel(call.ChannelId);
        await call.WaitEndedAsync();
        await WaitAsync(() => { lock (events) return events.Count == sim.EventLog.Count; });

        List<JsonElement> snapshot;
        lock (events) snapshot = [.. events];
        foreach (var e in snapshot)
        {
            var type = e.GetProperty("type").GetString()!;
            var fields = Spec.ModelProperties(type);
            Assert.True(fields is not null && Spec.IsEvent(type), $"{type} is not an ARI event");
            foreach (var p in e.EnumerateObject().Where(p => p.Name is not ("type" or "timestamp" or "asterisk_id" or "application")))
                Assert.True(fields!.Contains(p.Name), $"{type}.{p.Name} is not a field ARI sends");
        }

        var leg = sim.EventLog.Where(l => l.EndsWith(" leg1", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(["Dial", "ChannelStateChange", "Dial", "StasisStart", "ChannelHangupRequest", "StasisEnd", "ChannelDestroyed"], leg);
        var dialStatuses = snapshot.Where(e => e.GetProperty("type").GetString() == "Dial").Select(e => e.GetProperty("dialstatus").GetString()).ToList();
        Assert.Equal(["", "ANSWER"], dialStatuses);
        var startArgs = snapshot.Last(e => e.GetProperty("type").GetString() == "StasisStart").GetProperty("args").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal(["a", "b"], startArgs);
        Assert.Equal(["PlaybackStarted", "PlaybackContinuing", "PlaybackStarted", "PlaybackFinished"],
            sim.EventLog.Where(l => l.EndsWith(" pb1", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]));
        var caller = sim.EventLog.Where(l => l.EndsWith(" " + call.ChannelId, StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(["StasisStart", "ChannelStateChange", "ChannelHangupRequest", "StasisEnd", "ChannelDestroyed"], caller);
        ws.Abort();
        await sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task Stopping_a_playback_still_sends_PlaybackFinished_and_recording_a_bridged_channel_fails_like_Asterisk()
    {
        await using var sim = await AriSimulator.StartAsync(new AriSimulatorOptions { MediaDuration = TimeSpan.FromSeconds(10) });
        var (socket, _, _) = await ListenAsync(sim); // without an application's socket a call is hung up at once, as on Asterisk
        using var _socket = socket;
        var a = sim.PlaceCall(new ScriptedCaller("1", "100"));
        var b = sim.PlaceCall(new ScriptedCaller("2", "100"));
        await SendAsync(sim, HttpMethod.Post, $"/channels/{a.ChannelId}/play?media=sound:long&playbackId=pb");
        await WaitAsync(() => sim.EventLog.Contains("PlaybackStarted pb"));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await SendAsync(sim, HttpMethod.Delete, "/playbacks/pb")).StatusCode);
        Assert.Contains("PlaybackFinished pb", sim.EventLog);

        await SendAsync(sim, HttpMethod.Post, "/bridges?type=mixing,dtmf_events&bridgeId=br");
        await SendAsync(sim, HttpMethod.Post, $"/bridges/br/addChannel?channel={a.ChannelId},{b.ChannelId}");
        Assert.Equal(System.Net.HttpStatusCode.Created, (await SendAsync(sim, HttpMethod.Post, $"/channels/{a.ChannelId}/record?name=r1&format=wav")).StatusCode);
        await WaitAsync(() => sim.EventLog.Contains("RecordingFailed r1"));
        Assert.DoesNotContain("BridgeCreated br", sim.EventLog); // no subscription, no bridge events

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await SendAsync(sim, HttpMethod.Post, "/channels/nope/answer")).StatusCode);
        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.PostAsync(sim.BaseUrl + $"/channels/{a.ChannelId}/answer?api_key=callytics:bad", null)).StatusCode);

        await SendAsync(sim, HttpMethod.Delete, "/bridges/br");
        sim.HangUpChannel(a.ChannelId);
        sim.HangUpChannel(b.ChannelId);
        await sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task The_leak_check_fails_while_something_the_call_created_is_still_there()
    {
        await using var sim = await AriSimulator.StartAsync();
        var a = sim.PlaceCall(new ScriptedCaller("1", "100"));
        await SendAsync(sim, HttpMethod.Post, "/bridges?type=mixing&bridgeId=forgotten");
        sim.HangUpChannel(a.ChannelId);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => sim.AssertNoLeaksAsync(100));
        Assert.Contains("bridges forgotten", e.Message, StringComparison.Ordinal);
    }
}
