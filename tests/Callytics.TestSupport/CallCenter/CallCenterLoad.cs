using System.Diagnostics;
using System.Globalization;
using Callytics.Runtime.Storage;
using Callytics.TestSupport.AriSimulator;
using Callytics.TestSupport.Servers;
using StackExchange.Redis;

namespace Callytics.TestSupport.CallCenter;

/// <summary>The shape of a call-center run.</summary>
public sealed record CallCenterLoadSettings
{
    /// <summary>Runtime host processes, each with its own Stasis application on the one Asterisk.</summary>
    public int Hosts { get; init; } = 2;

    /// <summary>Operators; they log in by PIN, spread over the hosts in turn.</summary>
    public int Operators { get; init; } = 20;

    /// <summary>Callers; they arrive evenly over <see cref="ArrivalMs"/>, spread over the hosts in turn.</summary>
    public int Callers { get; init; } = 500;

    /// <summary>How long a caller talks once bridged before hanging up.</summary>
    public int TalkMs { get; init; } = 400;

    /// <summary>
    /// Each caller talks <see cref="TalkMs"/> plus or minus up to this much (uniform, the same for a
    /// caller index in every run). 0: every conversation lasts exactly as long, so operators free up
    /// in lockstep bursts, the worst case for the match path.
    /// </summary>
    public int TalkJitterMs { get; init; }

    /// <summary>The queue node's maximum wait (the caller then takes the timeout output).</summary>
    public int MaxWaitMs { get; init; } = 5000;

    /// <summary>The time over which the callers arrive.</summary>
    public int ArrivalMs { get; init; } = 2500;

    /// <summary>
    /// After the timeout prompt, a caller whose wait ran out leaves a pending callback for their own
    /// number (a callback node) instead of only being hung up.
    /// </summary>
    public bool CallbackOnTimeout { get; init; }
}

/// <summary>One operator's phone line.</summary>
/// <param name="OperatorId">The operator id (the caller id of their phone).</param>
/// <param name="Pin">Their PIN.</param>
/// <param name="Application">The Stasis application (host) their call goes to.</param>
public sealed record OperatorLine(string OperatorId, string Pin, string Application)
{
    /// <summary>The operator's call, once placed.</summary>
    public SimCall? Call { get; set; }
}

/// <summary>One caller.</summary>
/// <param name="Call">The scripted call.</param>
/// <param name="Application">The Stasis application (host) it went to.</param>
public sealed record CallerLine(SimCall Call, string Application);

/// <summary>
/// A call center of real runtime host processes on one ARI simulator (one Asterisk; each host has
/// its own Stasis application, as docs/scaling.md has it) sharing one Redis and one PostgreSQL: the
/// flows are built by the compiler into a flow store the hosts load, operators exist in PostgreSQL
/// with PINs, log in through queue_login by DTMF and serve callers who wait in the queue node.
/// </summary>
public sealed class CallCenterLoad : IAsyncDisposable
{
    /// <summary>The dialed number of the operators' login flow.</summary>
    public const string LoginNumber = "900";

    /// <summary>The dialed number of the callers' queue flow.</summary>
    public const string QueueNumber = "500";

    /// <summary>The dialed number of the voicemail flow (mailbox <see cref="Mailbox"/>).</summary>
    public const string VoicemailNumber = "700";

    /// <summary>What a caller hears when the maximum wait passed.</summary>
    public const string TimeoutMedia = "sound:queue-timeout";

    private readonly string _temp;
    private readonly List<RuntimeHostProcess> _hosts = [];
    private ConnectionMultiplexer? _redis;

    private CallCenterLoad(CallCenterLoadSettings settings, AriSimulator.AriSimulator sim, string temp)
    {
        Settings = settings;
        Sim = sim;
        _temp = temp;
        Applications = [.. Enumerable.Range(1, settings.Hosts).Select(HostApplication)];
        Operators = [.. Enumerable.Range(1, settings.Operators).Select(i =>
            new OperatorLine($"op{i:D3}", (4000 + i).ToString(CultureInfo.InvariantCulture), Applications[(i - 1) % settings.Hosts]))];
    }

    /// <summary>The settings of this run.</summary>
    public CallCenterLoadSettings Settings { get; }

    /// <summary>The one Asterisk.</summary>
    public AriSimulator.AriSimulator Sim { get; }

    /// <summary>The Stasis application of host 1, 2, ...</summary>
    public IReadOnlyList<string> Applications { get; }

    /// <summary>The host processes, in the order of <see cref="Applications"/>.</summary>
    public IReadOnlyList<RuntimeHostProcess> Hosts => _hosts;

    /// <summary>The operators.</summary>
    public IReadOnlyList<OperatorLine> Operators { get; }

    /// <summary>The queue all callers wait in.</summary>
    public string QueueId { get; } = "cc-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The mailbox of the voicemail flow.</summary>
    public string Mailbox => QueueId;

    /// <summary>The flow store the hosts load (built once, before the hosts start).</summary>
    public string FlowStore => Path.Combine(_temp, "flows");

    /// <summary>The operators' channels (once they called in).</summary>
    public IReadOnlySet<string> OperatorChannels => Operators.Where(o => o.Call is not null).Select(o => o.Call!.ChannelId).ToHashSet(StringComparer.Ordinal);

    /// <summary>The Stasis application of host <paramref name="n"/> (1-based).</summary>
    public static string HostApplication(int n) => "callytics-h" + n.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Builds the flows, creates the operators in <paramref name="postgres"/>, starts the simulator and
    /// the host processes on <paramref name="redis"/> (a StackExchange.Redis configuration string,
    /// a Redis no other run uses: the hosts use no key prefix and the simulator numbers channels from 1).
    /// </summary>
    public static async Task<CallCenterLoad> StartAsync(CallCenterLoadSettings settings, string redis, string postgres)
    {
        var temp = ServerPaths.CreateTempDirectory("callcenter");
        var sim = await AriSimulator.AriSimulator.StartAsync(new AriSimulatorOptions
        {
            Application = HostApplication(1),
            MoreApplications = [.. Enumerable.Range(2, Math.Max(0, settings.Hosts - 1)).Select(HostApplication)],
        });
        var load = new CallCenterLoad(settings, sim, temp);
        try
        {
            load._redis = await ConnectionMultiplexer.ConnectAsync(redis);
            var store = load.FlowStore;
            FlowHarness.Build(load.QueueFlow()).WriteTo(store);
            FlowHarness.Build(load.LoginFlow()).WriteTo(store);
            FlowHarness.Build(load.VoicemailFlow()).WriteTo(store);
            await load.CreateOperatorsAsync(postgres);
            // Started one after another: two hosts compiling and connecting at once on 2 cores only take longer.
            for (var n = 1; n <= settings.Hosts; n++)
                load._hosts.Add(await RuntimeHostProcess.StartAsync(load.HostSettings(n, store, redis, postgres)));
            await WaitUntilAsync(() => Task.FromResult(sim.OpenSockets == settings.Hosts), TimeSpan.FromSeconds(10), "every host's event socket is open");
            return load;
        }
        catch
        {
            await load.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Every operator calls in and types their PIN; returns when all are available in Redis. First waits
    /// until every host reports its Redis and PostgreSQL connected: a host is up once ARI is, and an operator
    /// who calls while its storage still connects (seconds on a loaded machine) is rightly told "try later"
    /// and is not logged in, which is not what these tests are about.
    /// </summary>
    public async Task LoginOperatorsAsync()
    {
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
        {
            var health = new string[_hosts.Count];
            await ServerPaths.WaitUntilAsync(async () =>
            {
                for (var i = 0; i < _hosts.Count; i++) health[i] = await _hosts[i].ReadHealthAsync(http);
                return health.All(h => h.Contains("\"status\":\"ok\"", StringComparison.Ordinal));
            }, TimeSpan.FromSeconds(60), () => "Timed out waiting until every host reports its storage connected: " + string.Join(" | ", health) + "\n" + HostLogs);
        }
        foreach (var line in Operators)
            line.Call = Sim.PlaceCall(new ScriptedCaller(line.OperatorId, LoginNumber).PressOnPlayback(1, line.Pin), line.Application);
        try
        {
            await WaitUntilAsync(async () => (await AvailableOperatorsAsync()).Count == Operators.Count, TimeSpan.FromSeconds(30),
                "every operator is logged in and available");
        }
        catch (TimeoutException e)
        {
            var available = await AvailableOperatorsAsync();
            throw new TimeoutException(e.Message + "; not available: " + string.Join("; ",
                Operators.Where(o => !available.Contains(o.OperatorId)).Select(o =>
                    $"{o.OperatorId} on {o.Application}: ended {o.Call!.Ended.IsCompleted}, played {string.Join(", ", o.Call.Played)}")) + "\n" + HostLogs, e);
        }
    }

    /// <summary>
    /// Places <paramref name="count"/> callers (default <see cref="CallCenterLoadSettings.Callers"/>) evenly over
    /// <see cref="CallCenterLoadSettings.ArrivalMs"/>, to the hosts in turn or all to <paramref name="application"/>;
    /// each talks <see cref="CallCenterLoadSettings.TalkMs"/> once bridged.
    /// </summary>
    public async Task<IReadOnlyList<CallerLine>> PlaceCallersAsync(int? count = null, string? application = null, int first = 0)
    {
        var total = count ?? Settings.Callers;
        IReadOnlyList<string> apps = application is null ? Applications : [application];
        var callers = new List<CallerLine>();
        var clock = Stopwatch.StartNew();
        var jitter = new Random(20261121);
        for (var i = 0; i < total; i++)
        {
            var talkMs = Settings.TalkMs + (Settings.TalkJitterMs == 0 ? 0 : jitter.Next(-Settings.TalkJitterMs, Settings.TalkJitterMs + 1));
            var due = TimeSpan.FromMilliseconds((double)Settings.ArrivalMs * i / total);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var app = apps[i % apps.Count];
            var script = new ScriptedCaller("+1555" + (first + i).ToString("D7", CultureInfo.InvariantCulture), QueueNumber).HangUpOn(CallerTrigger.Bridged, 1, Math.Max(0, talkMs));
            callers.Add(new CallerLine(Sim.PlaceCall(script, app), app));
        }
        return callers;
    }

    /// <summary>
    /// Places <paramref name="count"/> callers to the voicemail flow, numbered from <paramref name="first"/>,
    /// to the hosts in turn or all to <paramref name="application"/>: each speaks once the recording
    /// started and hangs up <paramref name="talkMs"/> later.
    /// </summary>
    public IReadOnlyList<CallerLine> PlaceVoicemailCallers(int count, int first = 0, string? application = null, int talkMs = 300)
    {
        var callers = new List<CallerLine>();
        for (var i = first; i < first + count; i++)
        {
            var app = application ?? Applications[i % Applications.Count];
            var script = new ScriptedCaller("+1666" + i.ToString("D7", CultureInfo.InvariantCulture), VoicemailNumber)
                .SpeakWhenRecording(1, 1.0).HangUpOn(CallerTrigger.RecordingStarted, 1, talkMs);
            callers.Add(new CallerLine(Sim.PlaceCall(script, app), app));
        }
        return callers;
    }

    /// <summary>Waits until every one of <paramref name="callers"/> has ended; fails with those still there.</summary>
    public static async Task WaitEndedAsync(IEnumerable<CallerLine> callers, TimeSpan timeout)
    {
        var list = callers.ToList();
        var all = Task.WhenAll(list.Select(c => c.Call.Ended));
        if (await Task.WhenAny(all, Task.Delay(timeout)) != all)
            throw new TimeoutException($"Callers still in a call after {timeout}: {string.Join(", ", list.Where(c => !c.Call.Ended.IsCompleted).Select(c => c.Call.ChannelId))}");
    }

    /// <summary>Hangs up the operators' phones (those of <paramref name="application"/>, or all) and waits for their calls to end.</summary>
    public async Task HangUpOperatorsAsync(string? application = null)
    {
        var lines = Operators.Where(o => o.Call is not null && (application is null || o.Application == application)).ToList();
        foreach (var line in lines) Sim.HangUpChannel(line.Call!.ChannelId);
        await Task.WhenAll(lines.Select(l => l.Call!.WaitEndedAsync(10_000)));
    }

    /// <summary>The operators available in the queue now (Redis <c>queue:&lt;q&gt;:operators</c>).</summary>
    public async Task<IReadOnlySet<string>> AvailableOperatorsAsync() =>
        (await _redis!.GetDatabase().SetMembersAsync($"queue:{QueueId}:operators")).Select(m => m.ToString()).ToHashSet(StringComparer.Ordinal);

    /// <summary>Callers waiting in the queue now (Redis <c>queue:&lt;q&gt;:callers</c>).</summary>
    public async Task<int> WaitingCallersAsync() => (int)await _redis!.GetDatabase().SortedSetLengthAsync($"queue:{QueueId}:callers");

    /// <summary>Analyses the run so far (see <see cref="CallCenterAnalysis"/>).</summary>
    public CallCenterAnalysis Analyse(IEnumerable<CallerLine> callers) =>
        CallCenterAnalysis.Of(Sim.Events, Sim.Requests, callers.Select(c => c.Call).ToList(), OperatorChannels, TimeoutMedia);

    /// <summary>The hosts' output, for failure messages.</summary>
    public string HostLogs => string.Join("\n", _hosts.Select((h, i) => $"--- host {i + 1}\n{h.Log}"));

    /// <summary>Waits until <paramref name="condition"/> holds; fails after <paramref name="timeout"/>.</summary>
    public static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        ServerPaths.WaitUntilAsync(condition, timeout, () => "Timed out waiting until " + what);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        await Sim.DisposeAsync();
        _redis?.Dispose();
        ServerPaths.DeleteDirectory(_temp);
    }

    private string QueueFlow()
    {
        var flow = new FlowJson("cc-queue")
            .Node("start", "start")
            .Node("wait", "queue", $$"""{ "queue": {{FlowJson.Q(QueueId)}}, "max_wait_ms": {{Settings.MaxWaitMs}}, "hold": "moh" }""")
            .Node("served", "hangup")
            .Edge("start", "wait")
            .Edge("wait", "served", "completed");
        return (Settings.CallbackOnTimeout
            ? flow.Node("sorry", "play_audio", """{ "prompt": { "sound": "queue-timeout" } }""")
                .Node("offer", "callback", $$"""{ "number_source": "caller_id", "queue": {{FlowJson.Q(QueueId)}} }""")
                .Edge("wait", "sorry", "timeout")
                .Edge("sorry", "offer")
            : flow.Node("sorry", "hangup", """{ "prompt": { "sound": "queue-timeout" } }""")
                .Edge("wait", "sorry", "timeout")).ToString();
    }

    private string VoicemailFlow() => new FlowJson("cc-voicemail")
        .Node("start", "start")
        .Node("vm", "voicemail", $$"""{ "prompt": { "sound": "vm-intro" }, "mailbox": {{FlowJson.Q(Mailbox)}}, "beep": false, "max_duration_s": 30 }""")
        .Edge("start", "vm")
        .ToString();

    private string LoginFlow() => new FlowJson("cc-login")
        .Node("start", "start")
        .Node("login", "queue_login", $$"""{ "queues": [{{FlowJson.Q(QueueId)}}], "pin_max_digits": 4, "max_attempts": 1, "prompt": { "sound": "enter-pin" } }""")
        .Edge("start", "login")
        .ToString();

    private async Task CreateOperatorsAsync(string postgres)
    {
        // Few PBKDF2 iterations: the hashes are checked at each login, and the hash's own count is used.
        await using var storage = await StorageFactory.OpenAsync(new StorageOptions { Postgres = postgres, Directory = Path.Combine(_temp, "setup"), PinHashIterations = 1000 });
        foreach (var line in Operators)
            await storage.Accounts.AddAsync(line.OperatorId, "Operator " + line.OperatorId, line.Pin);
    }

    private Dictionary<string, string> HostSettings(int n, string store, string redis, string postgres) => new()
    {
        ["Callytics:Ari:BaseUrl"] = Sim.BaseUrl,
        ["Callytics:Ari:User"] = Sim.Options.User,
        ["Callytics:Ari:Password"] = Sim.Options.Password,
        ["Callytics:Ari:Application"] = HostApplication(n),
        ["Callytics:FlowStore"] = store,
        [$"Callytics:Routes:{LoginNumber}"] = "cc-login",
        [$"Callytics:Routes:{QueueNumber}"] = "cc-queue",
        [$"Callytics:Routes:{VoicemailNumber}"] = "cc-voicemail",
        ["Storage:Redis"] = redis,
        ["Storage:Postgres"] = postgres,
        ["Storage:HostId"] = "host-" + n.ToString(CultureInfo.InvariantCulture),
        ["Storage:Directory"] = Path.Combine(_temp, "host-" + n.ToString(CultureInfo.InvariantCulture)),
        // Per-call information lines would cost the 2-core machine more than the calls; warnings stay.
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
