using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;

namespace Callytics.Runtime.Host.Calls;

/// <summary>
/// One call's observer: passes everything on to the host's observer and restarts the channel's
/// reaction clock when an http_request's response arrives, so that "reaction" stays the host's own
/// time from an input (ARI event or HTTP response) to its next ARI request.
/// </summary>
internal sealed class ReactionClockObserver(ICallObserver inner, AriCallChannel channel) : ICallObserver
{
    public void OnEffect(CallState state, Effect effect) => inner.OnEffect(state, effect);

    public void OnOutcome(CallState state, Outcome outcome)
    {
        if (outcome is HttpOutcome)
            channel.RestartReactionClock();
        inner.OnOutcome(state, outcome);
    }

    public void OnTransition(string flowId, string fromNode, string output, string? toNode) => inner.OnTransition(flowId, fromNode, output, toNode);

    public void OnWebhook(WebhookRequest request, bool accepted) => inner.OnWebhook(request, accepted);
}
