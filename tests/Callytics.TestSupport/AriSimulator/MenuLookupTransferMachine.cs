using Callytics.Runtime.Contract;

namespace Callytics.TestSupport.AriSimulator;

/// <summary>
/// A hand-written machine standing in for a compiled flow: menu (1: look the caller up over HTTP,
/// then transfer to 201; anything else or nothing: goodbye), firing a webhook on the choice.
/// Used by the ARI host tests and the ARI load benchmark.
/// </summary>
public sealed class MenuLookupTransferMachine(int version, string lookupUrl, string webhookUrl) : IFlowMachine
{
    public FlowIdentity Identity { get; } = new("menu-demo", version, "test");

    public string StartNode => "menu";

    public Effect Step(CallState state, Outcome outcome, IStepContext context) => (state.Node, outcome) switch
    {
        ("menu", EnterOutcome) => new ReadDigitsEffect([Prompt.Sound($"main-menu-v{version}")], true, 1, "", 1500, 1000),
        ("menu", DigitsOutcome { Digits: "1" }) => Fire(context, state, "lookup"),
        ("menu", _) => new HangupEffect(Prompt.Sound("goodbye")),
        ("lookup", EnterOutcome) => new HttpRequestEffect("GET", lookupUrl + "?caller=" + state.Get("caller_id"), [], null, 1000),
        ("lookup", HttpOutcome { IsSuccess: true }) => Go(state, context, "agent"),
        ("lookup", _) => new HangupEffect(Prompt.Sound("lookup-failed")),
        ("agent", EnterOutcome) => new DialEffect([new DialTarget(DestinationType.Extension, "201", null)], DialStrategy.Simultaneous, 1000, 5000, true, false),
        ("agent", DialOutcome { Result: DialResult.Completed }) => new HangupEffect(Prompt.Sound("thanks")),
        ("agent", _) => new HangupEffect(Prompt.Sound("nobody-there")),
        _ => throw new InvalidOperationException("no node " + state.Node),
    };

    private Effect Fire(IStepContext context, CallState state, string next)
    {
        context.Fire(new WebhookRequest("notify", "menu", "POST", webhookUrl, [], "{\"call\":\"" + state.Get("call_id") + "\"}", 5000, 0));
        return Go(state, context, next);
    }

    private Effect Go(CallState state, IStepContext context, string node)
    {
        state.Enter(node);
        return Step(state, Outcome.Enter, context);
    }
}
