using System.Collections.Concurrent;
using System.Threading.Channels;
using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Catalog;
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

    /// <summary>Starts a rig on <paramref name="backend"/>; <paramref name="asterisk"/> is the run's server.</summary>
    public static async Task<CallRig> StartAsync(Backend backend, AsteriskServer asterisk)
    {
        CallRig rig = backend == Backend.Simulator ? await SimulatorRig.CreateAsync() : new AsteriskRig(asterisk);
        await rig.ConnectAsync();
        return rig;
    }

    protected abstract AriOptions HostOptions { get; }

    /// <summary>The catalog: extensions and PSTN numbers reach the world of the backend.</summary>
    protected abstract FlowCatalog Catalog { get; }

    private async Task ConnectAsync()
    {
        var options = HostOptions;
        Client = new AriClient(_http, options);
        Services = new AriCallServices(Client, Router, Catalog)
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

    /// <summary>Places a call from <paramref name="callerNumber"/> to <paramref name="dialed"/> and takes it over as the host does.</summary>
    public async Task<(ITestCaller Caller, AriCallChannel Channel)> CallAsync(string callerNumber = "5551234", string dialed = "100")
    {
        var caller = await PlaceAsync(callerNumber, dialed);
        var start = await _newChannels.Reader.ReadAsync(_cts.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var channel = new AriCallChannel(Services, "t" + start.Channel.Id, start.Channel);
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
/// The rig on a real Asterisk: a test call is <c>Local/&lt;dialed&gt;@callytics-in</c> originated into the
/// caller's own Stasis application; its other half runs the dialplan into the host's application. DTMF and
/// audio sent on the caller's half arrive on the host's.
/// </summary>
public sealed class AsteriskRig : CallRig
{
    private readonly AsteriskServer _asterisk;
    private readonly HttpClient _callerHttp = new();
    private readonly AriClient _callerClient;
    private int _calls;

    internal AsteriskRig(AsteriskServer asterisk)
    {
        _asterisk = asterisk;
        _callerClient = new AriClient(_callerHttp, new AriOptions
        {
            BaseUrl = asterisk.BaseUrl, User = asterisk.User, Password = asterisk.Password, Application = asterisk.CallerApplication,
        });
        _callerEvents = new AriEventStream(new AriOptions
        {
            BaseUrl = asterisk.BaseUrl, User = asterisk.User, Password = asterisk.Password, Application = asterisk.CallerApplication,
        }, _callerRouter, NullLogger.Instance);
        _callerTask = _callerEvents.RunAsync(_callerCts.Token);
    }

    private readonly AriEventRouter _callerRouter = new();
    private readonly AriEventStream _callerEvents;
    private readonly CancellationTokenSource _callerCts = new();
    private readonly Task _callerTask;

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

    protected override async Task AfterConnectAsync() => await _callerEvents.FirstConnection.WaitAsync(TimeSpan.FromSeconds(10));

    protected override async Task<ITestCaller> PlaceAsync(string callerNumber, string dialed)
    {
        var id = $"caller-{Guid.NewGuid():N}";
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _callerRouter.AddChannel(id, new OnStart(started));
        await _callerClient.OriginateAsync($"Local/{dialed}@{AsteriskServer.InboundContext}", id, "caller", callerNumber, 30, CancellationToken.None);
        Interlocked.Increment(ref _calls);
        return new Caller(_callerClient, id, started.Task);
    }

    // The caller's half enters its application only once the host answered: actions wait for that.
    protected override Task CallerReadyAsync(ITestCaller caller) => ((Caller)caller).Started.WaitAsync(TimeSpan.FromSeconds(10));

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
        await _callerCts.CancelAsync();
        try { await _callerTask.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (OperationCanceledException) { }
        _callerHttp.Dispose();
        _callerCts.Dispose();
    }

    private sealed class OnStart(TaskCompletionSource started) : ICallEventTarget
    {
        public void Deliver(AriEvent evt)
        {
            if (evt is StasisStartEvent) started.TrySetResult();
        }
    }

    private sealed class Caller(AriClient client, string channelId, Task started) : ITestCaller
    {
        public Task Started => started;

        public Task PressAsync(string digits) => client.SendDtmfAsync(channelId, digits, CancellationToken.None);

        public async Task HangUpAsync()
        {
            try { await client.HangupAsync(channelId, CancellationToken.None); }
            catch (AriRequestException e) when (e.IsNotFound) { }
        }

        // hello-world is about 1.3 s of speech: Asterisk reports whole seconds of audio received.
        public Task SpeakAsync() => client.PlayOnChannelAsync(channelId, "speak-" + Guid.NewGuid().ToString("N"), ["sound:hello-world", "sound:hello-world"], CancellationToken.None);
    }
}
