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
    public static SimulationResult Run(IFlowMachine entry, IEnumerable<IFlowMachine> flows, SimulationSetup setup)
    {
        var clock = new VirtualClock(setup.Start);
        var http = new StubHttpGateway(setup.HttpStubs, clock);
        var webhooks = new RecordingWebhookDispatcher();
        var channel = new SimulatedChannel(setup.Script, clock, setup.CallerId, setup.DialedNumber);
        var trace = new CallTrace(clock);
        var engine = new CallEngine(new EngineServices(new FlowSet(flows.Append(entry).DistinctBy(m => m.Identity.FlowId)), http, webhooks, clock));
        // Every effect of the simulated channel completes synchronously, so this never blocks.
        var result = engine.RunAsync(entry, channel, trace).GetAwaiter().GetResult();
        return new SimulationResult(result, trace, webhooks.Fired, http.Requests, channel);
    }
}
