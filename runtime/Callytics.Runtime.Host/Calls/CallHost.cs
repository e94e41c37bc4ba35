using System.Collections.Concurrent;
using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;
using Callytics.Runtime.Host.Configuration;
using Callytics.Runtime.Host.Flows;
using Callytics.Runtime.Host.Metrics;
using Callytics.Runtime.Host.Traffic;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.Calls;

/// <summary>
/// Serves calls: keeps the ARI events WebSocket up, and for each channel entering the application
/// picks the flow for the dialed number, pins its current version, and runs it with the engine on
/// an <see cref="AriCallChannel"/>. Every log line of a call carries its call id.
/// </summary>
public sealed class CallHost : BackgroundService
{
    private readonly AriEventStream _stream;
    private readonly AriCallServices _services;
    private readonly IFlowSource _flows;
    private readonly CallEngine _engine;
    private readonly CallMetrics _metrics;
    private readonly FlowTraffic _traffic;
    private readonly HostSettings _settings;
    private readonly Routing.InboundRoutes _routes;
    private readonly ILogger<CallHost> _log;
    private readonly ConcurrentDictionary<string, ActiveCall> _calls = new(StringComparer.Ordinal);

    // Channel ids of the calls this host runs: a StasisStart and the adoption after a reconnect may
    // both name one channel, and only the first may start a call on it.
    private readonly ConcurrentDictionary<string, byte> _channels = new(StringComparer.Ordinal);
    private CancellationToken _stopping;

    private sealed record ActiveCall(AriCallChannel Channel, Task Run);

    /// <summary>Creates the host service.</summary>
    public CallHost(AriEventStream stream, AriCallServices services, IFlowSource flows, CallEngine engine, CallMetrics metrics, IOptions<HostSettings> settings, ILogger<CallHost> log, FlowTraffic traffic, Routing.InboundRoutes routes)
    {
        _stream = stream;
        _services = services;
        _flows = flows;
        _engine = engine;
        _metrics = metrics;
        _traffic = traffic;
        _settings = settings.Value;
        _routes = routes;
        _log = log;
        services.Router.NewChannel += OnNewChannel;
        services.Router.Reconnected += OnReconnected;
    }

    /// <summary>True while the ARI events socket is connected.</summary>
    public bool AriConnected => _stream.IsConnected;

    /// <summary>Calls in progress.</summary>
    public int ActiveCalls => _calls.Count;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        _log.LogInformation("Connecting to ARI at {Url} as application {App}", SafeUrl(_settings.Ari.BaseUrl), _settings.Ari.Application);
        await _stream.RunAsync(stoppingToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        var running = _calls.Values.Select(c => c.Run).ToArray();
        await Task.WhenAny(Task.WhenAll(running), Task.Delay(_settings.ShutdownGrace, cancellationToken)).ConfigureAwait(false);
    }

    private void OnNewChannel(StasisStartEvent start)
    {
        if (start.Args.Contains(AriCallChannel.DialLegAppArgs))
        {
            // A dialed leg whose call already gave up on it (answered just as it was hung up).
            // Best effort (it may be gone already), but a failure is logged, not dropped.
            BackgroundWork.Observe(_services.Client.HangupAsync(start.Channel.Id, CancellationToken.None), _log, "Hanging up a dial leg its call gave up on", LogLevel.Warning);
            return;
        }
        if (!_channels.TryAdd(start.Channel.Id, 0))
            return;
        var callId = Guid.NewGuid().ToString("N")[..16];
        var dialed = start.Channel.Dialplan.Exten;
        var flowId = _routes.FlowFor(dialed);
        var machine = flowId is null ? null : _flows.Resolve(flowId); // pinned: this machine serves the whole call
        var channel = new AriCallChannel(_services, callId, start.Channel);
        if (machine is null)
        {
            using (_log.BeginScope(new CallLogScope(callId)))
                _log.LogWarning("No published flow for dialed number {Dialed} (route: {FlowId}); hanging up", dialed, flowId ?? "none");
            _metrics.CallRejected();
            BackgroundWork.Observe(ForgetAsync(channel), _log, "Hanging up a call without a flow");
            return;
        }
        _metrics.CallStarted();
        var run = RunCallAsync(channel, machine);
        _calls[callId] = new ActiveCall(channel, run);
    }

    private async Task RunCallAsync(AriCallChannel channel, IFlowMachine machine)
    {
        await Task.Yield(); // never run a call on the events socket's thread
        using var scope = _log.BeginScope(new CallLogScope(channel.CallId));
        var reason = CallEndReason.Failed;
        try
        {
            _log.LogInformation("Call from {Caller} to {Dialed}: flow {FlowId} version {Version}",
                channel.CallerId, channel.DialedNumber, machine.Identity.FlowId, machine.Identity.Version);
            await channel.AnswerAsync(_stopping).ConfigureAwait(false);
            ICallObserver observer = new ReactionClockObserver(_metrics, channel);
            if (_traffic.Enabled)
            {
                _traffic.Started(channel.CallId, machine, channel.CallerId);
                observer = new TrafficObserver(_traffic, channel.CallId, machine, observer);
            }
            var result = await _engine.RunAsync(machine, channel, observer, _stopping).ConfigureAwait(false);
            reason = result.Reason;
            if (result.Reason == CallEndReason.Failed)
                _log.LogError("Call failed at node {Node}: {Error}", result.State.Node, result.Error);
            else
                _log.LogInformation("Call ended ({Reason}) at node {Node} after {Steps} steps", result.Reason, result.State.Node, result.Steps);
        }
        catch (CallerHungUpException)
        {
            reason = CallEndReason.CallerHungUp;
            _log.LogInformation("Caller hung up before the flow started");
        }
        catch (OperationCanceledException)
        {
            reason = CallEndReason.Cancelled;
        }
        catch (AriRequestException e)
        {
            _log.LogError("ARI refused to answer the call: {Error}", e.Message);
        }
        catch (Exception e)
        {
            _log.LogError(e, "Call crashed");
        }
        finally
        {
            await ForgetAsync(channel).ConfigureAwait(false);
            _calls.TryRemove(channel.CallId, out _);
            _metrics.CallEnded(reason);
            if (_traffic.Enabled) _traffic.Ended(channel.CallId, reason);
        }
    }

    private async Task ForgetAsync(AriCallChannel channel)
    {
        await channel.DisposeAsync().ConfigureAwait(false);
        _channels.TryRemove(channel.ChannelId, out _);
    }

    /// <summary>
    /// Events were lost while the socket was down: a call whose channel is gone ends as a hang-up, and
    /// a caller whose StasisStart was lost (sent just before the socket dropped) would wait in the
    /// application for ever: such channels are found in Asterisk's list and their calls started.
    /// </summary>
    private void OnReconnected() => BackgroundWork.Observe(CheckCallsAsync(), _log, "Checking calls after an ARI reconnect");

    private async Task CheckCallsAsync()
    {
        foreach (var call in _calls.Values)
        {
            try
            {
                await _services.Client.GetChannelAsync(call.Channel.ChannelId, _stopping).ConfigureAwait(false);
            }
            catch (AriRequestException e) when (e.IsNotFound)
            {
                call.Channel.MarkChannelGone();
            }
            catch (AriRequestException e)
            {
                _log.LogWarning("Checking call {CallId} after reconnect failed: {Error}", call.Channel.CallId, e.Message);
            }
        }
        await AdoptLostCallsAsync().ConfigureAwait(false);
    }

    private async Task AdoptLostCallsAsync()
    {
        AriChannel[] channels;
        try
        {
            channels = await _services.Client.ListChannelsAsync(_stopping).ConfigureAwait(false);
        }
        catch (AriRequestException e)
        {
            _log.LogWarning("Listing channels after reconnect failed: {Error}", e.Message);
            return;
        }
        foreach (var channel in channels)
        {
            // Only inbound calls: Stasis(<our application>) from the dialplan, with no arguments. Legs
            // this host originated carry arguments ("<application>,<args>") or are owned by a call.
            if (channel.Dialplan.AppName != "Stasis" || channel.Dialplan.AppData != _settings.Ari.Application
                || _services.Router.HasChannel(channel.Id) || _channels.ContainsKey(channel.Id))
                continue;
            _log.LogWarning("Channel {Channel} entered the application while events were lost; starting its call", channel.Id);
            OnNewChannel(new StasisStartEvent { Type = "StasisStart", Channel = channel });
        }
    }

    /// <summary>The URL without user information, for logs.</summary>
    public static string SafeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url;
}
