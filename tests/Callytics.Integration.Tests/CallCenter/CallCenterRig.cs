using System.Threading.Channels;
using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Host.CallCenter;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Queues;
using Callytics.TestSupport.AriSimulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace Callytics.Integration.Tests.CallCenter;

/// <summary>
/// The ARI simulator, the runtime's ARI side over real sockets, and a <see cref="StorageCallCenter"/>
/// on the given storage: calls are taken over the way the host does (StasisStart, answer).
/// </summary>
public sealed class CallCenterRig : IAsyncDisposable
{
    public const string OperatorPin = "4826";
    private readonly CancellationTokenSource _cts = new();
    private readonly Channel<StasisStartEvent> _newChannels = Channel.CreateUnbounded<StasisStartEvent>();
    private readonly HttpClient _http = new();
    private readonly List<AriCallChannel> _calls = [];
    private Task _streamTask = Task.CompletedTask;
    private AriCallServices _services = null!;

    private CallCenterRig(AriSimulator sim, StorageServices storage, IQueueState queues)
    {
        Sim = sim;
        Storage = storage;
        Queues = queues;
    }

    public AriSimulator Sim { get; }
    public StorageServices Storage { get; }
    public IQueueState Queues { get; }

    /// <summary>Starts everything; operators 201 and 202 exist with <see cref="OperatorPin"/>.</summary>
    public static async Task<CallCenterRig> StartAsync(StorageOptions options, IQueueState queues)
    {
        var storage = await StorageFactory.OpenAsync(options with { PinHashIterations = 1000 });
        foreach (var id in new[] { "201", "202" })
            await storage.Accounts.AddAsync(id, "Operator " + id, OperatorPin);
        var rig = new CallCenterRig(await AriSimulator.StartAsync(), storage, queues);
        var ari = new AriOptions { BaseUrl = rig.Sim.BaseUrl, User = rig.Sim.Options.User, Password = rig.Sim.Options.Password, Application = rig.Sim.Options.Application };
        var router = new AriEventRouter();
        router.NewChannel += e => rig._newChannels.Writer.TryWrite(e);
        rig._services = new AriCallServices(new AriClient(rig._http, ari), router, FlowCatalog.Empty) { CallCenter = new StorageCallCenter(storage, queues) };
        var stream = new AriEventStream(ari, router, NullLogger.Instance);
        rig._streamTask = stream.RunAsync(rig._cts.Token);
        await stream.FirstConnection.WaitAsync(TimeSpan.FromSeconds(5));
        // The client sees the handshake a moment before the simulator lists the socket; events in between would be lost.
        await EventuallyAsync(() => rig.Sim.OpenSockets == 1, "the event socket is open");
        return rig;
    }

    /// <summary>Places a scripted call and answers it; the rig hangs it up at the end.</summary>
    public async Task<(SimCall Sim, AriCallChannel Channel)> CallAsync(ScriptedCaller caller)
    {
        var call = Sim.PlaceCall(caller);
        var start = await _newChannels.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(call.ChannelId, start.Channel.Id);
        var channel = new AriCallChannel(_services, "c" + call.ChannelId, start.Channel);
        _calls.Add(channel);
        await channel.AnswerAsync(CancellationToken.None);
        return (call, channel);
    }

    /// <summary>Hangs up the rig's calls, then checks the simulator has no channel, bridge, playback or recording left.</summary>
    public async Task AssertNoLeaksAsync()
    {
        foreach (var call in _calls) await call.DisposeAsync();
        await Sim.AssertNoLeaksAsync();
    }

    /// <summary>Waits (up to 10 s) until <paramref name="condition"/> holds.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting until " + what);
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var call in _calls) await call.DisposeAsync();
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
        await Queues.DisposeAsync();
        await Storage.DisposeAsync();
        _http.Dispose();
        _cts.Dispose();
    }
}
