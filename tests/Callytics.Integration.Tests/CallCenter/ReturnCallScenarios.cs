using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Callytics.Integration.Tests.Support;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Callbacks;
using Callytics.TestSupport.AriSimulator;
using Microsoft.Extensions.DependencyInjection;

namespace Callytics.Integration.Tests.CallCenter;

/// <summary>
/// "Call back now" end to end: the real runtime host (admin API over HTTP on 127.0.0.1) connected to
/// the ARI simulator over real sockets, on one call-center storage (the derived classes: the directory
/// store, and a real PostgreSQL server).
/// </summary>
public abstract class ReturnCallScenarios : IAsyncLifetime
{
    private const string Operator = "201";
    private const string OperatorEndpoint = "PJSIP/201";
    private const string Customer = "5550100";
    /// <summary>The trunk's dial_format "9{number}" applied, as for a transfer.</summary>
    private const string CustomerEndpoint = "PJSIP/95550100@pstn-out";

    private readonly TempFolder _temp = new();
    private AriSimulator _sim = null!;
    private AdminHost _host = null!;
    private StorageServices _storage = null!;
    private Dictionary<string, string?> _settings = null!;
    private bool _hostStopped;

    /// <summary>The <c>Storage:*</c> settings under test; <paramref name="folder"/> is a fresh temporary folder.</summary>
    protected abstract Task<IDictionary<string, string?>> StorageSettingsAsync(string folder);

    public async Task InitializeAsync()
    {
        _sim = await AriSimulator.StartAsync();
        var catalog = _temp.Combine("catalog.json");
        await File.WriteAllTextAsync(catalog, """{ "trunks": { "pstn-out": { "dial_format": "9{number}" } } }""");
        var settings = new Dictionary<string, string?>
        {
            ["Callytics:Ari:BaseUrl"] = _sim.BaseUrl,
            ["Callytics:Ari:User"] = _sim.Options.User,
            ["Callytics:Ari:Password"] = _sim.Options.Password,
            ["Callytics:Ari:Application"] = _sim.Options.Application,
            ["Callytics:Catalog"] = catalog,
            ["Callytics:Callbacks:Trunk"] = "pstn-out",
            ["Callytics:Callbacks:CallerId"] = "5559000",
            // Long enough for an answer on a loaded machine; the no-answer test waits it out.
            ["Callytics:Callbacks:OperatorRingTimeout"] = "00:00:03",
            ["Callytics:Callbacks:CustomerRingTimeout"] = "00:00:10",
            // Renewed every 1.25 s while a return call runs.
            ["Callytics:Callbacks:ReturnCallLease"] = "00:00:05",
        };
        foreach (var (key, value) in await StorageSettingsAsync(_temp.Combine("storage"))) settings[key] = value;
        _settings = settings;
        _host = await AdminHost.StartAsync(settings: settings);
        _storage = _host.Services.GetRequiredService<StorageServices>();
        await _storage.Operators.AddOperatorAsync(Operator, "Operator 201", "unused-pin-hash", DateTimeOffset.UtcNow);
        await CallCenterRig.EventuallyAsync(() => _sim.OpenSockets == 1, "the host's event socket is open");
    }

    public virtual async Task DisposeAsync()
    {
        if (!_hostStopped) await _host.DisposeAsync();
        await _sim.DisposeAsync();
        _temp.Dispose();
    }

    private HttpClient Http => _host.Http;

    private async Task<Guid> SaveCallbackAsync()
    {
        var request = new CallbackRequest(Guid.NewGuid(), Customer, "sales", "+15550001", "callback-offer", DateTimeOffset.UtcNow);
        await _storage.Callbacks.SaveAsync(request);
        return request.Id;
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> CallBackAsync(Guid id, string operatorId = Operator) =>
        Http.PostAsync($"/api/callbacks/{id}/call", Body($$"""{ "operator": "{{operatorId}}" }"""));

    private static async Task<JsonNode> ReadJson(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>The callback over the API once its return call is over (up to 15 s).</summary>
    private async Task<JsonNode> FinishedAsync(Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var callback = await ReadJson(await Http.GetAsync($"/api/callbacks/{id}"));
            if ((string)callback["status"]! is "done" or "failed")
                return callback;
            Assert.True(DateTime.UtcNow < deadline, "the return call never ended: " + callback.ToJsonString());
            await Task.Delay(20);
        }
    }

    private IReadOnlyList<SimRequest> Originates(string endpoint) =>
        [.. _sim.Requests.Where(r => r.Method == "POST" && r.Path == "/channels" && r.Param("endpoint") == endpoint)];

    [Fact]
    public async Task Calling_back_rings_the_operator_then_the_customer_bridges_them_and_ends_done_with_nothing_left_behind()
    {
        var id = await SaveCallbackAsync();
        _sim.SetParty(OperatorEndpoint, DialedParty.Answers(afterMs: 100));
        _sim.SetParty(CustomerEndpoint, DialedParty.Answers(afterMs: 200, talkMs: 500));

        var started = await CallBackAsync(id);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var calling = await ReadJson(started);
        Assert.Equal(("calling", Operator), ((string)calling["status"]!, (string)calling["assignedTo"]!));
        var done = await FinishedAsync(id);
        Assert.Equal(("done", Operator), ((string)done["status"]!, (string)done["assignedTo"]!));
        Assert.True(DateTimeOffset.Parse((string)done["finishedAt"]!) >= DateTimeOffset.Parse((string)done["callingSince"]!));

        // The operator's phone shows the customer's number; the customer sees the configured caller id.
        var toOperator = Assert.Single(Originates(OperatorEndpoint));
        Assert.Equal(Customer, toOperator.Param("callerId"));
        var toCustomer = Assert.Single(Originates(CustomerEndpoint));
        Assert.Equal("5559000", toCustomer.Param("callerId"));
        var bridge = Assert.Single(_sim.Requests, r => r.Method == "POST" && r.Path == "/bridges");
        Assert.Equal("mixing,dtmf_events", bridge.Param("type"));
        var joined = Assert.Single(_sim.Requests, r => r.Path.EndsWith("/addChannel", StringComparison.Ordinal));
        Assert.Equal(204, joined.Status);
        Assert.Equal([toOperator.Param("channelId")!, toCustomer.Param("channelId")!], joined.Param("channel")!.Split(','));
        Assert.Contains("ChannelEnteredBridge " + toOperator.Param("channelId"), _sim.EventLog);
        Assert.Contains("ChannelEnteredBridge " + toCustomer.Param("channelId"), _sim.EventLog);
        Assert.Contains("ChannelDestroyed " + toOperator.Param("channelId"), _sim.EventLog);
        await _sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task A_return_call_keeps_its_callback_alive_and_one_left_calling_by_a_dead_host_can_be_called_back()
    {
        var id = await SaveCallbackAsync();
        _sim.SetParty(OperatorEndpoint, DialedParty.Answers(afterMs: 50));
        _sim.SetParty(CustomerEndpoint, DialedParty.Answers(afterMs: 50, talkMs: 3000));

        Assert.Equal(HttpStatusCode.Accepted, (await CallBackAsync(id)).StatusCode);
        // A conversation longer than a beat: the host says it still runs the call.
        var renewed = false;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !renewed && DateTime.UtcNow < deadline; await Task.Delay(50))
            renewed = await _storage.Callbacks.GetAsync(id) is { Status: CallbackStatus.Calling, AliveAt: { } alive, CallingSince: { } since } && alive > since;
        Assert.True(renewed, "the running return call renews its callback");
        Assert.Equal("done", (string)(await FinishedAsync(id))["status"]!);

        // A host died during its return call 10 minutes ago: nobody renews that callback any more.
        var orphan = await SaveCallbackAsync();
        Assert.True(await _storage.Callbacks.TryStartCallingAsync(orphan, "202", DateTimeOffset.UtcNow.AddMinutes(-10)));
        _sim.SetParty(CustomerEndpoint, DialedParty.Answers(afterMs: 50, talkMs: 200));
        Assert.Equal(HttpStatusCode.Accepted, (await CallBackAsync(orphan)).StatusCode);
        var done = await FinishedAsync(orphan);
        Assert.Equal(("done", Operator), ((string)done["status"]!, (string)done["assignedTo"]!));
        await _sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task An_operator_hanging_up_first_ends_the_conversation_as_done_and_the_customer_is_hung_up()
    {
        var id = await SaveCallbackAsync();
        _sim.SetParty(OperatorEndpoint, DialedParty.Answers(afterMs: 50, talkMs: 3000));
        _sim.SetParty(CustomerEndpoint, DialedParty.Answers(afterMs: 100));

        Assert.Equal(HttpStatusCode.Accepted, (await CallBackAsync(id)).StatusCode);

        var done = await FinishedAsync(id);
        Assert.Equal(("done", Operator), ((string)done["status"]!, (string)done["assignedTo"]!));
        var customerChannel = Assert.Single(Originates(CustomerEndpoint)).Param("channelId");
        Assert.Contains("ChannelEnteredBridge " + customerChannel, _sim.EventLog);
        Assert.Contains(_sim.Requests, r => r.Method == "DELETE" && r.Path == "/channels/" + customerChannel);
        await _sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task A_host_stopping_during_the_conversation_hangs_both_up_and_records_the_callback_as_done_with_a_note()
    {
        var id = await SaveCallbackAsync();
        _sim.SetParty(OperatorEndpoint, DialedParty.Answers(afterMs: 50));
        _sim.SetParty(CustomerEndpoint, DialedParty.Answers(afterMs: 50));
        Assert.Equal(HttpStatusCode.Accepted, (await CallBackAsync(id)).StatusCode);
        await CallCenterRig.EventuallyAsync(() => _sim.Bridges.Any(b => b.Channels.Count == 2), "operator and customer are bridged");

        _hostStopped = true;
        await _host.DisposeAsync();

        await _sim.AssertNoLeaksAsync();
        await using var storage = await StorageFactory.OpenAsync(StorageOptions.FromSettings(key => _settings.GetValueOrDefault("Storage:" + key)));
        var stored = (await storage.Callbacks.GetAsync(id))!;
        Assert.Equal((CallbackStatus.Done, Operator), (stored.Status, stored.AssignedTo));
        Assert.Contains("host stopped", stored.Note);
    }

    [Fact]
    public async Task An_operator_who_does_not_answer_fails_the_callback_without_calling_the_customer_and_it_can_be_retried()
    {
        var id = await SaveCallbackAsync();
        _sim.SetParty(OperatorEndpoint, DialedParty.NeverAnswers());

        Assert.Equal(HttpStatusCode.Accepted, (await CallBackAsync(id)).StatusCode);

        var failed = await FinishedAsync(id);
        Assert.Equal(("failed", "operator did not answer"), ((string)failed["status"]!, (string)failed["note"]!));
        Assert.Empty(Originates(CustomerEndpoint));
        await _sim.AssertNoLeaksAsync();
        var listedFailed = await ReadJson(await Http.GetAsync("/api/callbacks?status=failed"));
        Assert.Equal(id.ToString(), (string)Assert.Single(listedFailed.AsArray())!["id"]!);

        _sim.SetParty(OperatorEndpoint, DialedParty.Answers(afterMs: 50));
        _sim.SetParty(CustomerEndpoint, DialedParty.Answers(afterMs: 50, talkMs: 300));
        var retry = await CallBackAsync(id);

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Null((await ReadJson(retry))["note"]); // the failed attempt's reason is cleared while calling again
        var done = await FinishedAsync(id);
        Assert.Equal("done", (string)done["status"]!);
        Assert.Equal(2, Originates(OperatorEndpoint).Count);
        await _sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task A_busy_customer_fails_the_callback_and_the_operator_is_hung_up()
    {
        var id = await SaveCallbackAsync();
        _sim.SetParty(OperatorEndpoint, DialedParty.Answers(afterMs: 50));
        _sim.SetParty(CustomerEndpoint, DialedParty.IsBusy(afterMs: 100));

        Assert.Equal(HttpStatusCode.Accepted, (await CallBackAsync(id)).StatusCode);

        var failed = await FinishedAsync(id);
        Assert.Equal(("failed", "customer busy", Operator), ((string)failed["status"]!, (string)failed["note"]!, (string)failed["assignedTo"]!));
        Assert.DoesNotContain(_sim.Requests, r => r.Method == "POST" && r.Path == "/bridges");
        var operatorChannel = Assert.Single(Originates(OperatorEndpoint)).Param("channelId");
        Assert.Contains(_sim.Requests, r => r.Method == "DELETE" && r.Path == "/channels/" + operatorChannel);
        await _sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task An_operator_originate_that_ari_refuses_fails_the_callback_with_the_reason()
    {
        var id = await SaveCallbackAsync();
        _sim.SetParty(OperatorEndpoint, DialedParty.OriginateFails(500));

        Assert.Equal(HttpStatusCode.Accepted, (await CallBackAsync(id)).StatusCode);

        var failed = await FinishedAsync(id);
        Assert.Equal(("failed", "could not call the operator"), ((string)failed["status"]!, (string)failed["note"]!));
        await _sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task Two_admins_calling_back_at_once_start_one_call_and_the_other_gets_409()
    {
        var id = await SaveCallbackAsync();
        _sim.SetParty(OperatorEndpoint, DialedParty.Answers(afterMs: 100));
        _sim.SetParty(CustomerEndpoint, DialedParty.Answers(afterMs: 100, talkMs: 300));

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => CallBackAsync(id))));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var refused = await ReadJson(answers.Single(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Contains("only a pending or failed callback", (string)refused["message"]!);
        Assert.Equal("done", (string)(await FinishedAsync(id))["status"]!);
        Assert.Single(Originates(OperatorEndpoint));
        Assert.Single(Originates(CustomerEndpoint));
        Assert.Equal(HttpStatusCode.Conflict, (await CallBackAsync(id)).StatusCode); // done is final
        await _sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task Pending_callbacks_are_listed_with_who_and_when_and_filtered_by_status()
    {
        var first = await SaveCallbackAsync();
        var second = await SaveCallbackAsync();
        Assert.True(await _storage.Callbacks.TryStartCallingAsync(second, "202", DateTimeOffset.UtcNow));

        var pending = (await ReadJson(await Http.GetAsync("/api/callbacks?status=pending"))).AsArray();
        var all = (await ReadJson(await Http.GetAsync("/api/callbacks"))).AsArray();

        var listed = Assert.Single(pending)!;
        Assert.Equal(
            (first.ToString(), Customer, "+15550001", "callback-offer", "sales", "pending"),
            ((string)listed["id"]!, (string)listed["number"]!, (string)listed["caller"]!, (string)listed["flow"]!, (string)listed["queue"]!, (string)listed["status"]!));
        Assert.NotNull((string?)listed["requestedAt"]);
        Assert.Null(listed["assignedTo"]);
        Assert.Equal(2, all.Count);
        var calling = all.Single(c => (string)c!["id"]! == second.ToString())!;
        Assert.Equal(("calling", "202"), ((string)calling["status"]!, (string)calling["assignedTo"]!));
        Assert.NotNull((string?)calling["callingSince"]);
        var bad = await Http.GetAsync("/api/callbacks?status=lost");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("unknown status", (string)(await ReadJson(bad))["message"]!);
    }

    [Fact]
    public async Task Without_the_token_the_callback_routes_answer_401_and_start_nothing()
    {
        var id = await SaveCallbackAsync();
        _sim.SetParty(OperatorEndpoint, DialedParty.Answers());
        using var anonymous = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };

        foreach (var authorization in new AuthenticationHeaderValue?[] { null, new("Bearer", "wrong") })
        {
            foreach (var request in new[]
            {
                new HttpRequestMessage(HttpMethod.Get, "/api/callbacks?status=pending"),
                new HttpRequestMessage(HttpMethod.Get, $"/api/callbacks/{id}"),
                new HttpRequestMessage(HttpMethod.Post, $"/api/callbacks/{id}/call") { Content = Body("""{ "operator": "201" }""") },
            })
            {
                request.Headers.Authorization = authorization;
                var response = await anonymous.SendAsync(request);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Contains("token", (string)(await ReadJson(response))["message"]!);
            }
        }
        Assert.Equal(CallbackStatus.Pending, (await _storage.Callbacks.GetAsync(id))!.Status);
        Assert.DoesNotContain(_sim.Requests, r => r.Path == "/channels");
    }

    [Fact]
    public async Task Unknown_callbacks_unknown_operators_and_bad_bodies_get_json_errors_and_start_nothing()
    {
        var id = await SaveCallbackAsync();

        var unknown = await CallBackAsync(Guid.NewGuid());
        var notAnId = await Http.PostAsync("/api/callbacks/not-a-guid/call", Body("""{ "operator": "201" }"""));
        var get = await Http.GetAsync($"/api/callbacks/{Guid.NewGuid()}");
        var noOperator = await CallBackAsync(id, "999");
        var badOperatorId = await CallBackAsync(id, "../etc");
        var noBody = await Http.PostAsync($"/api/callbacks/{id}/call", Body("""{ "who": "201" }"""));
        var notJson = await Http.PostAsync($"/api/callbacks/{id}/call", Body("operator=201"));

        foreach (var (response, status, text) in new[]
        {
            (unknown, HttpStatusCode.NotFound, "no callback"),
            (notAnId, HttpStatusCode.NotFound, "no callback 'not-a-guid'"),
            (get, HttpStatusCode.NotFound, "no callback"),
            (noOperator, HttpStatusCode.UnprocessableEntity, "no operator '999'"),
            (badOperatorId, HttpStatusCode.BadRequest, "operator"),
            (noBody, HttpStatusCode.BadRequest, "\"operator\""),
            (notJson, HttpStatusCode.BadRequest, "\"operator\""),
        })
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(text, (string)(await ReadJson(response))["message"]!);
        }
        Assert.Equal(CallbackStatus.Pending, (await _storage.Callbacks.GetAsync(id))!.Status);
        Assert.DoesNotContain(_sim.Requests, r => r.Path == "/channels");
    }
}
