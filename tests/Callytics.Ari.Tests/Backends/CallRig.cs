using System.Collections.Concurrent;
using System.Threading.Channels;
using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Storage.Directory;
using Callytics.TestSupport.AriSimulator;
using Callytics.TestSupport.Servers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Callytics.Ari.Tests.Backends;

/// <summary>The two ARI backends every end-to-end test runs on.</summary>
public enum Backend
{
    /// <summary>The in-process ARI simulator.</summary>
    Simulator,
    /// <summary>A real Asterisk 22.10.1 (<see cref="AsteriskServer"/>).</summary>
    Asterisk,
}

/// <summary>A caller on the far end of a test call: presses keys, sends audio, hangs up.</summary>
public interface ITestCaller
{
    /// <summary>Sends DTMF into the call.</summary>
    Task PressAsync(string digits);

    /// <summary>Hangs the caller up.</summary>
    Task HangUpAsync();

    /// <summary>Sends audio into the call for a while (a sound played on the caller's side).</summary>
    Task SpeakAsync();
}

/// <summary>
/// The runtime's ARI side (client, event stream, call services) connected to one backend, and the
/// world behind it, the same on both: extensions <see cref="AnswersAndStays"/> (2XX),
/// <see cref="AnswersThenHangsUp"/> (3XX, after 1 s), <see cref="NeverAnswers"/> (4XX), <see cref="Busy"/> (5XX);
/// any other extension does not exist. Tests take it from <see cref="StartAsync"/> and end with
/// <see cref="AssertNoLeaksAsync"/>: no channel, bridge, playback or recording left.
/// </summary>
public abstract class CallRig : IAsyncDisposable
{
    public const string AnswersAndStays = "201";
    public const string AnswersThenHangsUp = "301";
    public const string NeverAnswers = "401";
    public const string Busy = "501";
    public const string Unreachable = "777";

    private readonly CancellationTokenSource _cts = new();
    private readonly Channel<StasisStartEvent> _newChannels = Channel.CreateUnbounded<StasisStartEvent>();
    private readonly ConcurrentQueue<AriEvent> _seen = new();
    private readonly HttpClient _http = new();
    private readonly string _voicemailFolder = ServerPaths.CreateTempDirectory("rig-voicemail");
    private Task _streamTask = Task.CompletedTask;
    private Func<FlowCatalog, FlowCatalog>? _adaptCatalog;

    public AriClient Client { get; private set; } = null!;
    public AriEventRouter Router { get; } = new();
    public AriCallServices Services { get; private set; } = null!;

    /// <summary>The voicemail store the calls save to: the directory store, as a host without PostgreSQL uses.</summary>
    public DirectoryVoicemailStore Voicemail { get; }

    public abstract Backend Backend { get; }

    /// <summary>What the runtime's ARI side logged (warnings say why an effect took its failure path).</summary>
    public Host.CapturingLoggerProvider Logs { get; } = new();

    /// <summary>The log and the events seen, for failure messages.</summary>
    public string Describe() => string.Join("\n", Logs.Lines.Concat(_seen.Select(e => System.Text.Json.JsonSerializer.Serialize(e, e.GetType()))));

    protected CallRig() => Voicemail = new DirectoryVoicemailStore(_voicemailFolder);

    /// <summary>
    /// Starts a rig on <paramref name="backend"/>; <paramref name="asterisk"/> is the run's server;
    /// <paramref name="catalog"/> adapts the backend's catalog (e.g. where prompt audio is played from).
    /// </summary>
    public static async Task<CallRig> StartAsync(Backend backend, AsteriskServer asterisk, Func<FlowCatalog, FlowCatalog>? catalog = null)
    {
        CallRig rig = backend == Backend.Simulator ? await SimulatorRig.CreateAsync() : new AsteriskRig(asterisk);
        rig._adaptCatalog = catalog;
        await rig.ConnectAsync();
        return rig;
    }

    protected abstract AriOptions HostOptions { get; }

    /// <summary>The Stasis application the host's side of the calls is in.</summary>
    public string Application => HostOptions.Application;

    /// <summary>The catalog: extensions and PSTN numbers reach the world of the backend.</summary>
    protected abstract FlowCatalog Catalog { get; }

    private async Task ConnectAsync()
    {
        var options = HostOptions;
        Client = new AriClient(_http, options);
        Services = new AriCallServices(Client, Router, _adaptCatalog is null ? Catalog : _adaptCatalog(Catalog))
        {
            Voicemail = Voicemail,
            Random = new Random(1),
            Logs = LoggerFactory.Create(b => b.AddProvider(Logs)),
        };
        Router.NewChannel += e =>
        {
            if (e.Args.FirstOrDefault() != AriCallChannel.DialLegAppArgs)
                _newChannels.Writer.TryWrite(e);
        };
        var stream = new AriEventStream(options, new Tee(this), NullLogger.Instance);
        _streamTask = stream.RunAsync(_cts.Token);
        await stream.FirstConnection.WaitAsync(TimeSpan.FromSeconds(10));
        await AfterConnectAsync();
    }

    protected virtual Task AfterConnectAsync() => Task.CompletedTask;

    /// <summary>
    /// Places a call from <paramref name="callerNumber"/> to <paramref name="dialed"/> and takes it over as the host does;
    /// <paramref name="callCenter"/> takes its queue effects (none: the rig's services, which have no call center).
    /// </summary>
    public async Task<(ITestCaller Caller, AriCallChannel Channel)> CallAsync(string callerNumber = "5551234", string dialed = "100", ICallCenter? callCenter = null)
    {
        var caller = await PlaceAsync(callerNumber, dialed);
        var start = await _newChannels.Reader.ReadAsync(_cts.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var services = callCenter is null ? Services : new AriCallServices(Client, Router, Catalog)
        {
            CallCenter = callCenter, Voicemail = Services.Voicemail, Random = Services.Random, Logs = Services.Logs,
        };
        var channel = new AriCallChannel(services, "t" + start.Channel.Id, start.Channel);
        await channel.AnswerAsync(CancellationToken.None);
        await CallerReadyAsync(caller);
        return (caller, channel);
    }

    protected abstract Task<ITestCaller> PlaceAsync(string callerNumber, string dialed);

    protected virtual Task CallerReadyAsync(ITestCaller caller) => Task.CompletedTask;

    /// <summary>Waits for an event the host's side received (e.g. a playback starting on the caller's channel).</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> match, int timeoutMs = 10000) where T : AriEvent
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            if (_seen.OfType<T>().FirstOrDefault(match) is { } found)
                return found;
            Assert.True(DateTime.UtcNow < until, $"no {typeof(T).Name} in time on {Backend}");
            await Task.Delay(5);
        }
    }

    /// <summary>Every event the host's side received so far.</summary>
    public IReadOnlyList<AriEvent> Seen => [.. _seen];

    /// <summary>Nothing of the calls is left on the backend, and the router forgot them.</summary>
    public abstract Task AssertNoLeaksAsync();

    /// <summary>Hangs the calls up as the host does at the end of a flow, then checks nothing is left.</summary>
    public async Task EndAsync(params AriCallChannel[] calls)
    {
        foreach (var call in calls)
        {
            await call.HangupAsync(new HangupEffect(null), CancellationToken.None);
            await call.DisposeAsync();
        }
        await AssertNoLeaksAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        // Set CALLYTICS_RIG_LOG=<file> to keep what each rig saw when a backend behaves unexpectedly.
        if (Environment.GetEnvironmentVariable("CALLYTICS_RIG_LOG") is { Length: > 0 } file)
            await File.AppendAllTextAsync(file, $"==== {Backend}\n{Describe()}\n");
        await _cts.CancelAsync();
        try { await _streamTask.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (OperationCanceledException) { }
        _http.Dispose();
        ServerPaths.DeleteDirectory(_voicemailFolder);
        _cts.Dispose();
    }

    private sealed class Tee(CallRig rig) : IAriEventSink
    {
        public void OnEvent(AriEvent evt)
        {
            rig._seen.Enqueue(evt);
            rig.Router.OnEvent(evt);
        }

        public void OnReconnected() => rig.Router.OnReconnected();
    }
}

/// <summary>The rig on the ARI simulator.</summary>
public sealed class SimulatorRig : CallRig
{
    private AriSimulator _sim = null!;

    public AriSimulator Sim => _sim;

    public override Backend Backend => Backend.Simulator;

    internal static async Task<SimulatorRig> CreateAsync()
    {
        // Prompts as long as the short Asterisk sounds the tests play.
        var rig = new SimulatorRig { _sim = await AriSimulator.StartAsync(new AriSimulatorOptions { MediaDuration = TimeSpan.FromMilliseconds(600), SimulatedSecond = TimeSpan.FromMilliseconds(200) }) };
        foreach (var prefix in new[] { "PJSIP/2", "PJSIP/3", "PJSIP/4", "PJSIP/5" })
            for (var n = 1; n <= 9; n++)
                rig._sim.SetParty($"{prefix}0{n}", prefix[^1] switch
                {
                    '2' => DialedParty.Answers(afterMs: 50),
                    '3' => DialedParty.Answers(afterMs: 50, talkMs: 1000),
                    '4' => DialedParty.NeverAnswers(),
                    _ => DialedParty.IsBusy(afterMs: 50),
                });
        // A PSTN number through trunk "main" (dial format 9{number}): answers and stays, as 9X. on Asterisk.
        rig._sim.SetParty("PJSIP/95550100@main", DialedParty.Answers(afterMs: 50));
        return rig;
    }

    protected override AriOptions HostOptions => new()
    {
        BaseUrl = _sim.BaseUrl, User = _sim.Options.User, Password = _sim.Options.Password, Application = _sim.Options.Application,
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(20), ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    protected override FlowCatalog Catalog => AriRig.TestCatalog();

    protected override async Task AfterConnectAsync() =>
        // The client sees the handshake done a moment before the server lists the socket; events in between would be lost.
        await Calls.DialTests.WaitUntilAsync(() => _sim.OpenSockets == 1, 5000);

    protected override Task<ITestCaller> PlaceAsync(string callerNumber, string dialed) =>
        Task.FromResult<ITestCaller>(new Caller(_sim, _sim.PlaceCall(new ScriptedCaller(callerNumber, dialed))));

    public override async Task AssertNoLeaksAsync()
    {
        await _sim.AssertNoLeaksAsync(5000);
        Assert.Equal(0, Router.Count);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _sim.DisposeAsync();
    }

    private sealed class Caller(AriSimulator sim, SimCall call) : ITestCaller
    {
        public Task PressAsync(string digits)
        {
            sim.PressDigits(call.ChannelId, digits);
            return Task.CompletedTask;
        }

        public Task HangUpAsync()
        {
            sim.HangUpChannel(call.ChannelId);
            return Task.CompletedTask;
        }

        public Task SpeakAsync()
        {
            sim.Speak(call.ChannelId);
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// The rig on a real Asterisk: a test call is <c>Local/&lt;dialed&gt;@callytics-in</c> placed by <see cref="AsteriskCallers"/>;
/// its other half runs the dialplan into the host's application.
/// </summary>
public sealed class AsteriskRig : CallRig
{
    private readonly AsteriskServer _asterisk;
    private readonly AsteriskCallers _callers;

    internal AsteriskRig(AsteriskServer asterisk)
    {
        _asterisk = asterisk;
        _callers = new AsteriskCallers(asterisk);
    }

    public override Backend Backend => Backend.Asterisk;

    public AsteriskServer Server => _asterisk;

    protected override AriOptions HostOptions => new()
    {
        BaseUrl = _asterisk.BaseUrl, User = _asterisk.User, Password = _asterisk.Password, Application = _asterisk.Application,
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(20), ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    protected override FlowCatalog Catalog => new(
        new Dictionary<string, string> { ["welcome"] = "hello-world" },
        new Dictionary<string, string> { ["sales"] = "Sales" },
        new Dictionary<string, Trunk> { ["main"] = new("9{number}") },
        new Dictionary<string, string>
        {
            ["extension"] = $"Local/{{value}}@{AsteriskServer.WorldContext}",
            ["pstn"] = $"Local/{{number}}@{AsteriskServer.WorldContext}",
            ["sip_uri"] = $"Local/{{value}}@{AsteriskServer.WorldContext}",
        });

    protected override Task AfterConnectAsync() => _callers.ConnectedAsync();

    protected override async Task<ITestCaller> PlaceAsync(string callerNumber, string dialed) => await _callers.PlaceAsync(callerNumber, dialed);

    // The caller's half enters its application only once the host answered: actions wait for that.
    protected override Task CallerReadyAsync(ITestCaller caller) => ((AsteriskCaller)caller).AnsweredAsync();

    public override async Task AssertNoLeaksAsync()
    {
        var (channels, bridges) = await _asterisk.LeftoversAsync();
        Assert.True(channels.Count == 0 && bridges.Count == 0,
            $"left on Asterisk: channels [{string.Join(", ", channels)}], bridges [{string.Join(", ", bridges)}]");
        // Playbacks and recordings live on channels and bridges: none can outlive them. The router must have forgotten every id too.
        await Calls.DialTests.WaitUntilAsync(() => Router.Count == 0, 5000);
    }

    public override async ValueTask DisposeAsync()
    {
        // A test that failed half-way leaves its calls: they must not count as the next test's leaks.
        await _asterisk.ClearAsync();
        await base.DisposeAsync();
        await _callers.DisposeAsync();
    }
}

/// <summary>
/// Places test calls on a real Asterisk: <c>Local/&lt;dialed&gt;@callytics-in</c> originated into the caller's own
/// Stasis application (<see cref="AsteriskServer.CallerApplication"/>), whose half the test drives; DTMF and audio
/// sent on it arrive on the half the host answers.
/// </summary>
public sealed class AsteriskCallers : IAsyncDisposable
{
    private readonly HttpClient _http = new();
    private readonly AriClient _client;
    private readonly AriEventRouter _router = new();
    private readonly AriEventStream _events;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _eventsTask;

    public AsteriskCallers(AsteriskServer asterisk)
    {
        var options = new AriOptions { BaseUrl = asterisk.BaseUrl, User = asterisk.User, Password = asterisk.Password, Application = asterisk.CallerApplication };
        _client = new AriClient(_http, options);
        _events = new AriEventStream(options, _router, NullLogger.Instance);
        _eventsTask = _events.RunAsync(_cts.Token);
    }

    /// <summary>Completes when the caller application's events are connected (calls placed before would be missed).</summary>
    public Task ConnectedAsync() => _events.FirstConnection.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Places a call from <paramref name="callerNumber"/> to <paramref name="dialed"/>.</summary>
    public async Task<AsteriskCaller> PlaceAsync(string callerNumber, string dialed)
    {
        await ConnectedAsync();
        var caller = new AsteriskCaller(_client, $"caller-{Guid.NewGuid():N}");
        _router.AddChannel(caller.ChannelId, caller);
        await _client.OriginateAsync($"Local/{dialed}@{AsteriskServer.InboundContext}", caller.ChannelId, "caller", callerNumber, 30, CancellationToken.None);
        return caller;
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        try { await _eventsTask.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (OperationCanceledException) { }
        _http.Dispose();
        _cts.Dispose();
    }
}

/// <summary>The caller's half of a test call on Asterisk.</summary>
public sealed class AsteriskCaller(AriClient client, string channelId) : ITestCaller, ICallEventTarget
{
    private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string ChannelId => channelId;

    /// <summary>Completes when the host answered (the caller's half entered its application).</summary>
    public Task AnsweredAsync(int timeoutMs = 10000) => _answered.Task.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs));

    /// <summary>Completes when the call ended (the caller's half was destroyed).</summary>
    public Task EndedAsync(int timeoutMs = 10000) => _ended.Task.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs));

    void ICallEventTarget.Deliver(AriEvent evt)
    {
        if (evt is StasisStartEvent) _answered.TrySetResult();
        if (evt is ChannelDestroyedEvent or StasisEndEvent) _ended.TrySetResult();
    }

    public Task PressAsync(string digits) => client.SendDtmfAsync(channelId, digits, CancellationToken.None);

    public async Task HangUpAsync()
    {
        try { await client.HangupAsync(channelId, CancellationToken.None); }
        catch (AriRequestException e) when (e.IsNotFound) { }
    }

    // hello-world twice is about 2.5 s of speech: Asterisk counts whole seconds of audio received.
    public Task SpeakAsync() => client.PlayOnChannelAsync(channelId, "speak-" + Guid.NewGuid().ToString("N"), ["sound:hello-world", "sound:hello-world"], CancellationToken.None);
}
