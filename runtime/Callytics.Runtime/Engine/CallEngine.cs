using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Engine;

/// <summary>Why a call ended.</summary>
public enum CallEndReason
{
    /// <summary>The flow hung up (hangup node, terminal node done, unconnected output).</summary>
    Completed,
    /// <summary>The caller hung up.</summary>
    CallerHungUp,
    /// <summary>The flow could not go on (missing flow, machine error, runaway loop); the call was hung up cleanly.</summary>
    Failed,
    /// <summary>The host is stopping.</summary>
    Cancelled,
}

/// <summary>How a call ended.</summary>
/// <param name="Reason">Why.</param>
/// <param name="State">The call's final state (variables, last node).</param>
/// <param name="Steps">How many effects the machine asked for.</param>
/// <param name="Error">What went wrong, for <see cref="CallEndReason.Failed"/>.</param>
public sealed record CallResult(CallEndReason Reason, CallState State, long Steps, string? Error = null);

/// <summary>Watches a call go by: traces, coverage, metrics. Every method must be cheap.</summary>
public interface ICallObserver
{
    /// <summary>The machine asked for an effect.</summary>
    void OnEffect(CallState state, Effect effect) { }

    /// <summary>The effect resolved.</summary>
    void OnOutcome(CallState state, Outcome outcome) { }

    /// <summary>The call left a node through an output.</summary>
    void OnTransition(string flowId, string fromNode, string output, string? toNode) { }

    /// <summary>A webhook was handed to the dispatcher (<paramref name="accepted"/> false: the queue was full).</summary>
    void OnWebhook(WebhookRequest request, bool accepted) { }
}

/// <summary>The services a call uses besides its channel.</summary>
/// <param name="Flows">Finds flows for subflow and goto_flow.</param>
/// <param name="Http">Performs http_request.</param>
/// <param name="Webhooks">Queues webhooks (never blocks).</param>
/// <param name="Clock">The time.</param>
public sealed record EngineServices(IFlowResolver Flows, IHttpGateway Http, IWebhookDispatcher Webhooks, IClock Clock);

/// <summary>
/// Runs one call: asks the machine for the next effect, performs it through the channel, feeds
/// the outcome back, until the call ends. The machine decides; the engine only acts. The same
/// engine runs simulations (in-memory channel) and live calls (ARI channel).
/// </summary>
public sealed class CallEngine(EngineServices services)
{
    /// <summary>
    /// Subflow calls, returns and goto_flow jumps in a row without any effect that waits for the
    /// caller: more means a loop through flows. Each jump's own step is already bounded by
    /// <see cref="Machines.FlowMachine.MaxSilentTransitions"/>, so this bound stays small.
    /// </summary>
    private const int MaxFlowJumpsWithoutWaiting = 100;

    /// <summary>Starts a call at the machine's start node with the built-in variables set.</summary>
    public Task<CallResult> RunAsync(IFlowMachine machine, ICallChannel channel, ICallObserver? observer = null, CancellationToken cancellationToken = default) =>
        RunAsync(machine, channel, NewCallState(machine, channel), observer, cancellationToken);

    /// <summary>The state of a new call: the machine's start node and the built-in variables.</summary>
    public static CallState NewCallState(IFlowMachine machine, ICallChannel channel)
    {
        var state = new CallState { FlowId = machine.Identity.FlowId };
        state.Enter(machine.StartNode);
        state.Set("caller_id", channel.CallerId);
        state.Set("dialed_number", channel.DialedNumber);
        state.Set("call_id", channel.CallId);
        state.Set("channel_id", channel.ChannelId);
        SetFlowVariables(state, machine);
        return state;
    }

    /// <summary>
    /// Resumes a call from a checkpoint (for example on another host after a failure): the call
    /// re-enters the node it was in, keeping its variables and retry counters. A checkpoint taken
    /// inside a subflow resumes there and hangs up at its return (the caller machines are not pinned).
    /// </summary>
    public Task<CallResult> ResumeAsync(IFlowMachine machine, ICallChannel channel, CallState checkpoint, ICallObserver? observer = null, CancellationToken cancellationToken = default)
    {
        checkpoint.Enter(checkpoint.Node);
        return RunAsync(machine, channel, checkpoint, observer, cancellationToken);
    }

    /// <summary>Runs a call from a given state (a new one, or one resumed from a checkpoint).</summary>
    public async Task<CallResult> RunAsync(IFlowMachine machine, ICallChannel channel, CallState state, ICallObserver? observer, CancellationToken cancellationToken)
    {
        var context = new StepContext(services, observer, state);
        var callers = new Stack<IFlowMachine>(); // machines of the frames in state.ReturnStack, pinned for the call
        Outcome outcome = Outcome.Enter;
        long steps = 0;
        var callerGone = false; // an abandoned queue call still runs its webhooks, then ends as a caller hang-up
        var jumpsWithoutWaiting = 0; // subflow/return/goto effects in a row: a loop through flows that never waits
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var effect = machine.Step(state, outcome, context);
                steps++;
                observer?.OnEffect(state, effect);
                jumpsWithoutWaiting = effect is EnterFlowEffect or ReturnEffect ? jumpsWithoutWaiting + 1 : 0;
                if (jumpsWithoutWaiting > MaxFlowJumpsWithoutWaiting)
                    return await Fail(channel, state, steps, "the call went from flow to flow without ever waiting for the caller");
                switch (effect)
                {
                    case HangupEffect hangup:
                        await channel.HangupAsync(hangup, cancellationToken);
                        return new CallResult(callerGone ? CallEndReason.CallerHungUp : CallEndReason.Completed, state, steps);
                    case EnterFlowEffect enter:
                        var target = services.Flows.Resolve(enter.FlowId);
                        if (target is null) return await Fail(channel, state, steps, $"flow '{enter.FlowId}' is not published");
                        if (enter.IsSubflow)
                        {
                            state.ReturnStack.Add(new ReturnFrame(state.FlowId, machine.Identity.Version, enter.ReturnNode));
                            callers.Push(machine);
                        }
                        machine = target;
                        state.FlowId = target.Identity.FlowId;
                        SetFlowVariables(state, target);
                        state.Enter(target.StartNode);
                        outcome = Outcome.Enter;
                        continue;
                    case ReturnEffect:
                        if (state.ReturnStack.Count == 0 || callers.Count == 0)
                        {
                            await channel.HangupAsync(new HangupEffect(null), cancellationToken);
                            return new CallResult(CallEndReason.Completed, state, steps);
                        }
                        var frame = state.ReturnStack[^1];
                        state.ReturnStack.RemoveAt(state.ReturnStack.Count - 1);
                        machine = callers.Pop();
                        state.FlowId = frame.FlowId;
                        SetFlowVariables(state, machine);
                        state.Node = frame.Node;
                        outcome = SubflowReturnedOutcome.Instance;
                        continue;
                }
                outcome = await Perform(effect, channel, cancellationToken);
                observer?.OnOutcome(state, outcome);
                if (outcome is QueueOutcome { Result: QueueResult.Abandoned }) callerGone = true;
            }
        }
        catch (CallerHungUpException)
        {
            return new CallResult(CallEndReason.CallerHungUp, state, steps);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new CallResult(CallEndReason.Cancelled, state, steps);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return await Fail(channel, state, steps, e.Message);
        }
    }

    private async ValueTask<Outcome> Perform(Effect effect, ICallChannel channel, CancellationToken ct) => effect switch
    {
        PlayEffect play => await channel.PlayAsync(play, ct),
        ReadDigitsEffect read => await channel.ReadDigitsAsync(read, ct),
        DialEffect dial => await channel.DialAsync(dial, ct),
        QueueEffect queue => await channel.QueueAsync(queue, ct),
        ServiceEffect service => await service.PerformAsync(channel, ct),
        QueueLoginEffect login => await channel.QueueLoginAsync(login, ct),
        ConferenceEffect conference => await channel.ConferenceAsync(conference, ct),
        CallbackEffect callback => await channel.CallbackAsync(callback, ct),
        VoicemailEffect voicemail => await channel.VoicemailAsync(voicemail, ct),
        HttpRequestEffect http => await services.Http.SendAsync(http, ct),
        _ => throw new InvalidOperationException($"Unknown effect {effect.GetType().Name}."),
    };

    private static async Task<CallResult> Fail(ICallChannel channel, CallState state, long steps, string error)
    {
        try
        {
            await channel.HangupAsync(new HangupEffect(null), CancellationToken.None);
        }
        catch (Exception e) when (e is CallerHungUpException or InvalidOperationException or IOException or HttpRequestException)
        {
            // The call is ending either way; the channel's own cleanup reports what it could not release.
        }
        return new CallResult(CallEndReason.Failed, state, steps, error);
    }

    private static void SetFlowVariables(CallState state, IFlowMachine machine)
    {
        state.Set("flow_id", machine.Identity.FlowId);
        state.Set("flow_version", machine.Identity.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>What a machine sees of the engine during a step.</summary>
    private sealed class StepContext(EngineServices services, ICallObserver? observer, CallState state) : IStepContext
    {
        public DateTimeOffset UtcNow => services.Clock.UtcNow;

        public void Fire(WebhookRequest request)
        {
            var accepted = services.Webhooks.Enqueue(request);
            observer?.OnWebhook(request, accepted);
        }

        public void OnTransition(string fromNode, string output, string? toNode) =>
            observer?.OnTransition(state.FlowId, fromNode, output, toNode);
    }
}
