using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;

namespace Callytics.Runtime.Simulation;

/// <summary>One line of a call's trace.</summary>
/// <param name="Time">Virtual time.</param>
/// <param name="Flow">The flow the call was in.</param>
/// <param name="Node">The node.</param>
/// <param name="Kind">effect, outcome, transition or webhook.</param>
/// <param name="Detail">What happened.</param>
public sealed record TraceEntry(DateTimeOffset Time, string Flow, string Node, string Kind, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{Time:HH:mm:ss.fff}  {Flow}/{Node,-16} {Kind,-10} {Detail}";
}

/// <summary>Records what a call did, and which outputs it took (for path coverage).</summary>
public sealed class CallTrace(IClock clock) : ICallObserver
{
    /// <summary>The trace lines.</summary>
    public List<TraceEntry> Entries { get; } = [];

    /// <summary>Outputs taken, as (flow, node, output).</summary>
    public HashSet<(string Flow, string Node, string Output)> Taken { get; } = [];

    /// <summary>The nodes entered, in order (the call's path).</summary>
    public List<string> Path { get; } = [];

    /// <summary>The effects asked for, in order.</summary>
    public List<Effect> Effects { get; } = [];

    /// <inheritdoc />
    public void OnEffect(CallState state, Effect effect)
    {
        if (Path.Count == 0 || Path[^1] != state.Node) Path.Add(state.Node);
        Effects.Add(effect);
        Entries.Add(new(clock.UtcNow, state.FlowId, state.Node, "effect", Describe(effect)));
    }

    /// <inheritdoc />
    public void OnOutcome(CallState state, Outcome outcome) =>
        Entries.Add(new(clock.UtcNow, state.FlowId, state.Node, "outcome", outcome.ToString()));

    /// <inheritdoc />
    public void OnTransition(string flowId, string fromNode, string output, string? toNode)
    {
        if (Path.Count == 0 || Path[^1] != fromNode) Path.Add(fromNode);
        Taken.Add((flowId, fromNode, output));
        Entries.Add(new(clock.UtcNow, flowId, fromNode, "transition", $"{output} → {toNode ?? "(not connected)"}"));
    }

    /// <inheritdoc />
    public void OnWebhook(WebhookRequest request, bool accepted) =>
        Entries.Add(new(clock.UtcNow, Entries.Count > 0 ? Entries[^1].Flow : "", request.SourceNode, "webhook", $"{request.WebhookNode}: {request.Method} {request.Url}{(accepted ? "" : " (dropped: queue full)")}"));

    /// <summary>One line saying what an effect asks for (the trace's wording).</summary>
    public static string Describe(Effect effect) => effect switch
    {
        PlayEffect p => $"play {string.Join(", ", p.Prompts)}{(p.Interruptible ? " (interruptible)" : "")}",
        ReadDigitsEffect r => $"read up to {r.MaxDigits} digit(s){(r.Prompts.Count > 0 ? " after " + string.Join(", ", r.Prompts) : "")}",
        DialEffect d => $"dial {string.Join(", ", d.Targets.Select(t => t.Value))} ({d.Strategy})",
        QueueEffect q => $"queue {q.Queue}",
        HttpRequestEffect h => $"{h.Method} {h.Url}",
        HangupEffect h => h.Goodbye is null ? "hang up" : $"hang up after {h.Goodbye}",
        EnterFlowEffect e => $"{(e.IsSubflow ? "call subflow" : "go to flow")} {e.FlowId}",
        _ => effect.ToString(),
    };
}
