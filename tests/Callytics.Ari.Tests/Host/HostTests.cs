using Callytics.Ari.Tests.Calls;
using Callytics.Runtime.Host;
using Callytics.Runtime.Host.Flows;
using Callytics.TestSupport.AriSimulator;
using Callytics.TestSupport.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Callytics.Ari.Tests.Host;

/// <summary>The host end to end: StasisStart → route → pinned flow → engine → ARI, over real sockets.</summary>
public sealed class HostTests : IAsyncLifetime
{
    private AriSimulator _sim = null!;
    private LoopbackHttpServer _web = null!;
    private WebApplication _host = null!;
    private readonly InMemoryFlowSource _flows = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly HttpClient _http = new();
    private string _hostUrl = "";
    private TaskCompletionSource _webhookRelease = new();

    public async Task InitializeAsync()
    {
        _sim = await AriSimulator.StartAsync();
        _web = await LoopbackHttpServer.StartAsync(async c =>
        {
            if (c.Request.Path == "/hook")
                await _webhookRelease.Task.WaitAsync(c.RequestAborted); // a webhook target that hangs
            else if (c.Request.QueryString.Value?.Contains("caller=" + SlowLookupCaller, StringComparison.Ordinal) == true)
            {
                await Task.Delay(1500, c.RequestAborted); // a slow web service
                await c.Response.WriteAsync("{\"vip\":true}");
            }
            else
                await c.Response.WriteAsync("{\"vip\":true}");
        });
        _flows.Publish(new MenuLookupTransferMachine(3, _web.BaseUrl + "/lookup", _web.BaseUrl + "/hook"));
        _host = await StartHostAsync(_sim.BaseUrl, _sim.Options.Password);
        await _host.StartAsync();
        _hostUrl = _host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await DialTests.WaitUntilAsync(() => _sim.OpenSockets == 1, 5000);
    }

    private Task<WebApplication> StartHostAsync(string ariUrl, string password) => HostApp.BuildAsync(["--urls", "http://127.0.0.1:0"], b =>
    {
        b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Callytics:Ari:BaseUrl"] = ariUrl,
            ["Callytics:Ari:User"] = _sim.Options.User,
            ["Callytics:Ari:Password"] = password,
            ["Callytics:Ari:Application"] = _sim.Options.Application,
            ["Callytics:Ari:ReconnectInitialDelay"] = "00:00:00.050",
            ["Callytics:Routes:100"] = "menu-demo",
            ["Callytics:Routes:555"] = "not-published",
            // The flow's web service and webhook target are a loopback test server, which the outbound policy refuses by default.
            ["Callytics:Outbound:AllowLoopback"] = "true",
        });
        b.Logging.AddProvider(_logs);
        b.Services.AddSingleton<IFlowSource>(_flows);
    });

    public async Task DisposeAsync()
    {
        _webhookRelease.TrySetResult();
        await _host.StopAsync();
        await _host.DisposeAsync();
        await _web.DisposeAsync();
        await _sim.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task A_call_to_a_routed_number_runs_its_flow_menu_http_transfer_while_the_webhook_target_hangs()
    {
        _sim.SetParty("PJSIP/201", DialedParty.Answers(afterMs: 5, talkMs: 400));
        var call = _sim.PlaceCall(new ScriptedCaller("5551234", "100").PressOnPlayback(1, "1", delayMs: 5));

        await call.WaitEndedAsync();

        Assert.Equal(["sound:main-menu-v3", "sound:thanks"], call.Played);
        Assert.False(call.HungUpByCaller);
        Assert.Contains(_web.Requests, r => r.PathAndQuery == "/lookup?caller=5551234");
        Assert.Contains(_web.Requests, r => r.PathAndQuery == "/hook"); // sent, still hanging: the call did not wait
        await _sim.AssertNoLeaksAsync();

        await DialTests.WaitUntilAsync(() => Metric("callytics_active_calls") == 0);
        var metrics = await _http.GetStringAsync(_hostUrl + "/metrics");
        Assert.Contains("callytics_calls_started_total 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("callytics_calls_ended_total{reason=\"completed\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.True(Metric("callytics_node_steps_total") >= 4);
        Assert.True(Metric("callytics_ari_request_seconds_count") >= 8);
        Assert.Equal(1, Metric("callytics_webhooks_accepted_total"));

        var callLines = _logs.Lines.Where(l => l.Contains("CallId=", StringComparison.Ordinal)).ToList();
        Assert.Contains(callLines, l => l.Contains("flow menu-demo version 3", StringComparison.Ordinal));
        Assert.Contains(callLines, l => l.Contains("Call ended (Completed)", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(_sim.Options.Password, StringComparison.Ordinal));

        double Metric(string name) => double.Parse(
            _http.GetStringAsync(_hostUrl + "/metrics").Result.Split('\n').First(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Split(' ')[1],
            System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Metrics_expose_the_reaction_time_histogram_and_the_managed_heap_after_a_call()
    {
        var before = ReactionCount(await _http.GetStringAsync(_hostUrl + "/metrics"));
        _sim.SetParty("PJSIP/201", DialedParty.Answers(afterMs: 5, talkMs: 400));
        var call = _sim.PlaceCall(new ScriptedCaller("5551235", "100").PressOnPlayback(1, "1", delayMs: 5));
        await call.WaitEndedAsync();
        await _sim.AssertNoLeaksAsync();

        var metrics = await _http.GetStringAsync(_hostUrl + "/metrics");
        // Menu digit, lookup answer, dial answered, bridge left, goodbye: each event leads to a next request.
        Assert.True(ReactionCount(metrics) - before >= 3, metrics);
        Assert.Contains("# TYPE callytics_ari_reaction_seconds histogram\n", metrics, StringComparison.Ordinal);
        Assert.Contains("callytics_ari_reaction_seconds_bucket{le=\"0.0025\"} ", metrics, StringComparison.Ordinal);
        Assert.Equal(ReactionCount(metrics), Value(metrics, "callytics_ari_reaction_seconds_bucket{le=\"+Inf\"}"));
        Assert.True(Value(metrics, "callytics_ari_reaction_max_seconds") > 0);
        Assert.True(Value(metrics, "callytics_managed_heap_bytes") > 0);
        Assert.True(Value(metrics, "callytics_gc_pause_seconds_total") >= 0);
        Assert.True(Value(metrics, "callytics_gc_last_pause_seconds") >= 0);

        static double ReactionCount(string text) => Value(text, "callytics_ari_reaction_seconds_count");
    }

    [Fact]
    public async Task Waiting_for_a_slow_web_service_is_not_counted_as_the_host_s_reaction()
    {
        var before = OverOneSecond(await _http.GetStringAsync(_hostUrl + "/metrics"));
        _sim.SetParty("PJSIP/201", DialedParty.Answers(afterMs: 5, talkMs: 400));
        var call = _sim.PlaceCall(new ScriptedCaller(SlowLookupCaller, "100").PressOnPlayback(1, "1", delayMs: 5));
        await call.WaitEndedAsync();
        await _sim.AssertNoLeaksAsync();

        // The lookup takes 1.5 s; the reaction to the menu digit ends at the lookup request, and the
        // transfer that follows reacts to the lookup's answer, not to the digit.
        var metrics = await _http.GetStringAsync(_hostUrl + "/metrics");
        Assert.Contains(_web.Requests, r => r.PathAndQuery == "/lookup?caller=" + SlowLookupCaller);
        Assert.Equal(before, OverOneSecond(metrics));

        static double OverOneSecond(string text) =>
            Value(text, "callytics_ari_reaction_seconds_bucket{le=\"+Inf\"}") - Value(text, "callytics_ari_reaction_seconds_bucket{le=\"1\"}");
    }

    private const string SlowLookupCaller = "5559999";

    private static double Value(string text, string name) => double.Parse(
        text.Split('\n').First(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Split(' ')[^1],
        System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_call_keeps_the_flow_version_it_started_on_and_the_next_call_gets_the_new_one()
    {
        var first = _sim.PlaceCall(new ScriptedCaller("5550001", "100").PressOnPlayback(1, "9", delayMs: 100));
        await DialTests.WaitUntilAsync(() => first.Played.Count == 1);
        _flows.Publish(new MenuLookupTransferMachine(4, _web.BaseUrl + "/lookup", _web.BaseUrl + "/hook"));
        var second = _sim.PlaceCall(new ScriptedCaller("5550002", "100"));

        await first.WaitEndedAsync();
        await second.WaitEndedAsync();
        Assert.Equal(["sound:main-menu-v3", "sound:goodbye"], first.Played);
        Assert.Equal(["sound:main-menu-v4", "sound:goodbye"], second.Played);
        await _sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task A_number_without_a_published_flow_is_hung_up_and_a_caller_hanging_up_mid_flow_releases_everything()
    {
        var unrouted = _sim.PlaceCall(new ScriptedCaller("5550001", "555"));
        var quitter = _sim.PlaceCall(new ScriptedCaller("5550002", "100").HangUpOn(CallerTrigger.PlaybackStarted, 1, delayMs: 3));

        await unrouted.WaitEndedAsync();
        await quitter.WaitEndedAsync();
        Assert.Empty(unrouted.Played);
        Assert.True(quitter.HungUpByCaller);
        await _sim.AssertNoLeaksAsync();
        var metrics = await _http.GetStringAsync(_hostUrl + "/metrics");
        Assert.Contains("callytics_calls_rejected_total 1\n", metrics, StringComparison.Ordinal);
        await DialTests.WaitUntilAsync(() => _http.GetStringAsync(_hostUrl + "/metrics").Result.Contains("callytics_calls_ended_total{reason=\"caller_hung_up\"} 1\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_ARI_request_failing_mid_flow_ends_the_call_cleanly_as_failed()
    {
        _sim.FailNext("POST", "/play", 500); // the menu prompt of the next call
        var call = _sim.PlaceCall(new ScriptedCaller("5550009", "100"));

        await call.WaitEndedAsync();
        Assert.False(call.HungUpByCaller);
        await _sim.AssertNoLeaksAsync();
        await DialTests.WaitUntilAsync(() => _http.GetStringAsync(_hostUrl + "/metrics").Result.Contains("callytics_calls_ended_total{reason=\"failed\"} 1\n", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.Contains("CallId=", StringComparison.Ordinal) && l.Contains("Call failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Healthz_reports_the_ARI_connection_and_the_host_reconnects_after_a_drop()
    {
        var ok = await _http.GetAsync(_hostUrl + "/healthz");
        Assert.Equal(System.Net.HttpStatusCode.OK, ok.StatusCode);

        _sim.DropEventSockets();
        await DialTests.WaitUntilAsync(() => _sim.ConnectionsAccepted == 2 && _sim.OpenSockets == 1, 5000);
        var call = _sim.PlaceCall(new ScriptedCaller("5550003", "100"));
        await call.WaitEndedAsync();
        Assert.Equal(["sound:main-menu-v3", "sound:goodbye"], call.Played);

        await using var down = await StartHostAsync("http://127.0.0.1:" + HttpGatewayTestsPort() + "/ari", "x");
        await down.StartAsync();
        var url = down.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var degraded = await _http.GetAsync(url + "/healthz");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, degraded.StatusCode);
        await down.StopAsync();
    }

    [Fact]
    public async Task A_caller_whose_StasisStart_was_lost_when_the_events_socket_dropped_is_served_after_the_reconnect()
    {
        // Found by the chaos soak: a call that entered the application just as the socket dropped was
        // never answered; the caller waited in Stasis for ever.
        var call = _sim.PlaceCallLosingItsStart(new ScriptedCaller("5550004", "100"));
        Assert.DoesNotContain(_sim.Events, e => e.Type == "ChannelStateChange" && e.Key == call.ChannelId);

        await call.WaitEndedAsync();
        Assert.Equal(["sound:main-menu-v3", "sound:goodbye"], call.Played);
        Assert.False(call.HungUpByCaller);
        Assert.Contains(_logs.Lines, l => l.Contains("entered the application while events were lost", StringComparison.Ordinal));
        await _sim.AssertNoLeaksAsync();
    }

    private static int HttpGatewayTestsPort() => Http.HttpGatewayTests.FreePort();
}
