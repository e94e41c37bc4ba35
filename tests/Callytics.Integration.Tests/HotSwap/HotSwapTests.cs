using System.Diagnostics;
using System.Runtime.CompilerServices;
using Callytics.Publishing;
using Callytics.Integration.Tests.Support;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;
using Callytics.Runtime.Host.Flows;
using Callytics.Runtime.Simulation;
using Callytics.Runtime.Storage.Flows;
using Microsoft.Extensions.DependencyInjection;

namespace Callytics.Integration.Tests.HotSwap;

/// <summary>Hot swap: new versions serve new calls, calls in flight keep theirs, old versions unload, tampered ones are refused.</summary>
public sealed class HotSwapTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly DirectoryFlowStore _store;
    private readonly ListLogger<StoreFlowSource> _log = new();
    private readonly StoreFlowSource _flows;

    public HotSwapTests()
    {
        _store = new DirectoryFlowStore(_temp.Combine("store"));
        _flows = new StoreFlowSource(_store, _log);
    }

    public void Dispose() => _temp.Dispose();

    private CallEngine Engine()
    {
        var clock = new VirtualClock(DateTimeOffset.UtcNow);
        return new CallEngine(new EngineServices(_flows, new StubHttpGateway([], clock), new RecordingWebhookDispatcher(), clock));
    }

    /// <summary>One call started on whatever version serves now.</summary>
    private sealed record Call(int Version, GatedChannel Channel, Task<CallResult> Result);

    [MethodImpl(MethodImplOptions.NoInlining)] // keeps the machine out of the test method's locals, so GC can collect it
    private Call StartCall(CallEngine engine, int number, Task gate)
    {
        var machine = _flows.Resolve(HotSwapFlows.FlowId) ?? throw new InvalidOperationException("no flow serving");
        var channel = new GatedChannel(number, gate);
        return new Call(machine.Identity.Version, channel, engine.RunAsync(machine, channel));
    }

    /// <summary>Collects until the reference dies or <paramref name="patience"/> runs out (unloading takes several GC cycles).</summary>
    private static async Task<bool> CollectAndCheckDeadAsync(WeakReference reference, TimeSpan patience)
    {
        var watch = Stopwatch.StartNew();
        while (reference.IsAlive && watch.Elapsed < patience)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(20);
        }
        return !reference.IsAlive;
    }

    [Fact]
    public async Task Calls_in_progress_finish_on_their_version_and_the_old_version_unloads_after_its_last_call()
    {
        await HotSwapFlows.PublishAsync(_store, "greet-v1");
        await _flows.LoadAllAsync();
        var gate = new TaskCompletionSource();
        var engine = Engine();
        Call? first = StartCall(engine, 1, gate.Task);

        Assert.Equal(2, await HotSwapFlows.PublishAsync(_store, "greet-v2"));
        Assert.True(await _flows.LoadAsync(HotSwapFlows.FlowId, 2));
        var second = StartCall(engine, 2, gate.Task);
        var retired = Assert.Single(_flows.Retired);
        Assert.Equal(1, retired.Version);
        Assert.False(await CollectAndCheckDeadAsync(retired.Context, TimeSpan.FromMilliseconds(500))); // the first call still runs on version 1

        gate.SetResult();
        await Task.WhenAll(first!.Result, second.Result);
        Assert.Equal((1, "greet-v1"), (first.Version, Assert.Single(first.Channel.Played)));
        Assert.Equal((2, "greet-v2"), (second.Version, Assert.Single(second.Channel.Played)));
        Assert.True(first.Channel.HungUp && second.Channel.HungUp);

        first = null;
        Assert.True(await CollectAndCheckDeadAsync(retired.Context, TimeSpan.FromSeconds(10)), "version 1's load context is still alive after its last call ended");
    }

    [Fact]
    public async Task A_tampered_assembly_is_refused_and_logged_and_the_previous_version_keeps_serving()
    {
        await HotSwapFlows.PublishAsync(_store, "greet-v1");
        await _flows.LoadAllAsync();
        await HotSwapFlows.PublishAsync(_store, "greet-v2");
        var dll = Directory.EnumerateFiles(_temp.Combine("store"), "flow.dll", SearchOption.AllDirectories).Single(p => p.Contains("000002", StringComparison.Ordinal));
        var bytes = await File.ReadAllBytesAsync(dll);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(dll, bytes);

        Assert.False(await _flows.LoadAsync(HotSwapFlows.FlowId, 2));

        Assert.Equal(1, _flows.CurrentVersion(HotSwapFlows.FlowId));
        Assert.Contains(_log.Lines, l => l.StartsWith("Error:", StringComparison.Ordinal) && l.Contains("version 2 refused", StringComparison.Ordinal) && l.Contains("sha256", StringComparison.Ordinal));
        var gate = Task.CompletedTask;
        var call = StartCall(Engine(), 1, gate);
        await call.Result;
        Assert.Equal(["greet-v1"], call.Channel.Played);
    }

    [Fact]
    public async Task Under_load_publish_and_restore_keep_every_call_on_its_starting_version_and_new_calls_on_the_newest()
    {
        const int callsPerVersion = 200;
        await HotSwapFlows.PublishAsync(_store, "greet-v1");
        await _flows.LoadAllAsync();
        var gate = new TaskCompletionSource();
        var engine = Engine();
        var calls = new List<Call>();
        void StartMany() { for (var i = 0; i < callsPerVersion; i++) calls.Add(StartCall(engine, calls.Count, gate.Task)); }

        StartMany();                                                        // 200 in flight on version 1
        await HotSwapFlows.PublishAsync(_store, "greet-v2");
        Assert.True(await _flows.LoadAsync(HotSwapFlows.FlowId, 2));
        StartMany();                                                        // 200 more on version 2
        var restored = await new FlowPublisher(_store).RestoreAsync(HotSwapFlows.FlowId, 1, "test");
        Assert.Equal(3, restored.Version!.Version);
        Assert.True(await _flows.LoadAsync(HotSwapFlows.FlowId, 3));
        StartMany();                                                        // 200 more on version 3 (= version 1)
        Assert.All(calls, c => Assert.False(c.Result.IsCompleted));        // all 600 still in flight

        gate.SetResult();
        CallResult[]? results = await Task.WhenAll(calls.Select(c => c.Result)).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(3 * callsPerVersion, results.Length);
        Assert.All(results, r => Assert.Null(r.Error));
        var expected = new Dictionary<int, string> { [1] = "greet-v1", [2] = "greet-v2", [3] = "greet-v1" };
        Assert.Equal([1, 2, 3], calls.Select(c => c.Version).Distinct().Order());
        Assert.All(calls.Select((c, i) => (c, i)), x =>
        {
            Assert.Equal(x.i / callsPerVersion + 1, x.c.Version);
            Assert.Equal([expected[x.c.Version]], x.c.Channel.Played);
            Assert.True(x.c.Channel.HungUp);
        });
        calls.Clear();
        results = null;
        foreach (var retired in _flows.Retired)
            Assert.True(await CollectAndCheckDeadAsync(retired.Context, TimeSpan.FromSeconds(10)), $"version {retired.Version} was not unloaded");
        Assert.Equal([1, 2], _flows.Retired.Select(r => r.Version));
    }

    [Fact]
    public async Task The_host_notices_a_published_version_promptly_and_serves_it()
    {
        await using var host = await AdminHost.StartAsync();
        await AssertHostNoticesPublishesAsync(host, new DirectoryFlowStore(host.Store));
    }

    /// <summary>
    /// Publishes versions 1 and 2 and checks each serves new calls promptly. The mechanism is
    /// event-driven (FileSystemWatcher, LISTEN/NOTIFY) and takes well under a second on an idle
    /// machine; the assertion allows 5 s because the suite runs many test assemblies at once on
    /// 2 cores, and a timed unit test must not fail for load alone. The elapsed time is printed.
    /// </summary>
    internal static async Task AssertHostNoticesPublishesAsync(AdminHost host, IFlowStore store)
    {
        var source = host.Services.GetRequiredService<StoreFlowSource>();
        Assert.Same(source, Assert.IsType<LayeredFlowSource>(host.Services.GetRequiredService<IFlowSource>()).Store);

        foreach (var (greeting, version) in new[] { ("greet-v1", 1), ("greet-v2", 2) })
        {
            Assert.Equal(version, await HotSwapFlows.PublishAsync(store, greeting));
            var watch = Stopwatch.StartNew();
            while (source.CurrentVersion(HotSwapFlows.FlowId) != version && watch.Elapsed < TimeSpan.FromSeconds(5))
                await Task.Delay(10);
            Assert.True(source.CurrentVersion(HotSwapFlows.FlowId) == version, $"version {version} not serving 5 s after it was published");
            Console.WriteLine($"version {version} served {watch.ElapsedMilliseconds} ms after its publish");
        }
        Assert.Equal(2, host.Services.GetRequiredService<IFlowSource>().Resolve(HotSwapFlows.FlowId)!.Identity.Version);
    }
}
