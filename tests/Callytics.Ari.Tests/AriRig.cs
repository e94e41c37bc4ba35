using System.Threading.Channels;
using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Ari.Events;
using Callytics.TestSupport.AriSimulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace Callytics.Ari.Tests;

/// <summary>A simulator plus the runtime's ARI side connected to it over real sockets.</summary>
public sealed class AriRig : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly Channel<StasisStartEvent> _newChannels = Channel.CreateUnbounded<StasisStartEvent>();
    private readonly HttpClient _http = new();
    private Task _streamTask = Task.CompletedTask;

    private AriRig(AriSimulator sim) => Sim = sim;

    public AriSimulator Sim { get; }
    public AriClient Client { get; private set; } = null!;
    public AriEventRouter Router { get; } = new();
    public AriEventStream Stream { get; private set; } = null!;
    public AriCallServices Services { get; private set; } = null!;

    /// <summary>The event stream's run: completes only when the rig stops it (or when its retry loop died).</summary>
    public Task StreamTask => _streamTask;
    public InMemoryVoicemailStore Voicemail { get; } = new();

    /// <summary>A catalog with one audio id, a trunk with a dial prefix, and plain PJSIP endpoints.</summary>
    public static FlowCatalog TestCatalog() => new(
        new Dictionary<string, string> { ["welcome"] = "custom/welcome" },
        new Dictionary<string, string> { ["sales"] = "Sales" },
        new Dictionary<string, Trunk> { ["main"] = new("9{number}"), ["intl"] = new("00{e164}") },
        FlowCatalog.DefaultEndpoints);

    public static async Task<AriRig> StartAsync(AriSimulatorOptions? simOptions = null, Random? random = null, string? password = null)
    {
        var sim = await AriSimulator.StartAsync(simOptions);
        var rig = new AriRig(sim);
        var options = new AriOptions
        {
            BaseUrl = sim.BaseUrl,
            User = sim.Options.User,
            Password = password ?? sim.Options.Password,
            Application = sim.Options.Application,
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        rig.Client = new AriClient(rig._http, options);
        rig.Services = new AriCallServices(rig.Client, rig.Router, TestCatalog())
        {
            Voicemail = rig.Voicemail,
            Random = random ?? new Random(1),
        };
        rig.Router.NewChannel += e => rig._newChannels.Writer.TryWrite(e);
        rig.Stream = new AriEventStream(options, rig.Router, NullLogger.Instance);
        rig._streamTask = rig.Stream.RunAsync(rig._cts.Token);
        if (password is null)
        {
            await rig.Stream.FirstConnection.WaitAsync(TimeSpan.FromSeconds(5));
            // The client sees the handshake done a moment before the server lists the socket; events in between would be lost.
            await Calls.DialTests.WaitUntilAsync(() => sim.OpenSockets == 1, 5000);
        }
        return rig;
    }

    /// <summary>Places a scripted call and takes it over the way the host does: StasisStart, then answer.</summary>
    public async Task<(SimCall Sim, AriCallChannel Channel)> CallAsync(ScriptedCaller caller)
    {
        var call = Sim.PlaceCall(caller);
        var start = await _newChannels.Reader.ReadAsync(_cts.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(call.ChannelId, start.Channel.Id);
        var channel = new AriCallChannel(Services, "t" + call.ChannelId, start.Channel);
        await channel.AnswerAsync(CancellationToken.None);
        return (call, channel);
    }

    /// <summary>REST requests whose path starts with <paramref name="prefix"/>.</summary>
    public List<SimRequest> RequestsTo(string method, string prefix) =>
        Sim.Requests.Where(r => r.Method == method && r.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    /// <summary>Ends the rig's side; the simulator's leak check must pass first.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        try
        {
            await _streamTask.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        await Sim.DisposeAsync();
        _http.Dispose();
        _cts.Dispose();
    }
}
