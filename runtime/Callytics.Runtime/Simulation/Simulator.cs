using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;

namespace Callytics.Runtime.Simulation;

/// <summary>What a simulated call should meet.</summary>
/// <param name="Start">When the call starts (business hours are evaluated on this clock).</param>
/// <param name="Script">The caller and the world.</param>
/// <param name="HttpStubs">Canned HTTP answers.</param>
/// <param name="CallerId">The caller's number.</param>
/// <param name="DialedNumber">The number dialed.</param>
public sealed record SimulationSetup(DateTimeOffset Start, CallerScript Script, IReadOnlyList<HttpStub> HttpStubs, string CallerId = "+15550100", string DialedNumber = "100");

/// <summary>A finished simulated call.</summary>
public sealed record SimulationResult(CallResult Call, CallTrace Trace, IReadOnlyList<WebhookRequest> Webhooks, IReadOnlyList<HttpRequestEffect> HttpRequests, SimulatedChannel Channel);

/// <summary>Runs calls through compiled machines entirely in memory, on a virtual clock.</summary>
public static class Simulator
{
    /// <summary>Runs one call into <paramref name="entry"/>; <paramref name="flows"/> resolves subflows and gotos.</summary>
    public static SimulationResult Run(IFlowMachine entry, IEnumerable<IFlowMachine> flows, SimulationSetup setup) =>
        // Every effect of the simulated channel completes synchronously, so this never blocks.
        RunAsync(entry, flows, setup).GetAwaiter().GetResult();

    /// <summary>
    /// Runs one call as <see cref="Run"/> does; <paramref name="observe"/>, given the call's virtual
    /// clock, adds an observer beside the trace (the admin API's test call records variables with it).
    /// </summary>
    public static async Task<SimulationResult> RunAsync(IFlowMachine entry, IEnumerable<IFlowMachine> flows, SimulationSetup setup, Func<IClock, ICallObserver>? observe = null, CancellationToken cancellationToken = default)
    {
        var clock = new VirtualClock(setup.Start);
        var http = new StubHttpGateway(setup.HttpStubs, clock);
        var webhooks = new RecordingWebhookDispatcher();
        var channel = new SimulatedChannel(setup.Script, clock, setup.CallerId, setup.DialedNumber);
        var trace = new CallTrace(clock);
        ICallObserver observer = observe is null ? trace : new BothObservers(trace, observe(clock));
        var engine = new CallEngine(new EngineServices(new FlowSet(flows.Append(entry).DistinctBy(m => m.Identity.FlowId)), http, webhooks, clock));
        var result = await engine.RunAsync(entry, channel, observer, cancellationToken).ConfigureAwait(false);
        return new SimulationResult(result, trace, webhooks.Fired, http.Requests, channel);
    }

    /// <summary>Passes every event to the trace, then to the extra observer.</summary>
    private sealed class BothObservers(ICallObserver first, ICallObserver second) : ICallObserver
    {
        public void OnEffect(CallState state, Effect effect) { first.OnEffect(state, effect); second.OnEffect(state, effect); }
        public void OnOutcome(CallState state, Outcome outcome) { first.OnOutcome(state, outcome); second.OnOutcome(state, outcome); }
        public void OnTransition(string flowId, string fromNode, string output, string? toNode) { first.OnTransition(flowId, fromNode, output, toNode); second.OnTransition(flowId, fromNode, output, toNode); }
        public void OnWebhook(WebhookRequest request, bool accepted) { first.OnWebhook(request, accepted); second.OnWebhook(request, accepted); }
    }
}
