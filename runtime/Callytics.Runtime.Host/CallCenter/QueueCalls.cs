using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Storage.Queues;

namespace Callytics.Runtime.Host.CallCenter;

/// <summary>The queue node: a caller waits on hold until matched with an operator, the maximum wait passes, or they hang up.</summary>
internal sealed class QueueCalls(IQueueState queues)
{
    public async ValueTask<QueueOutcome> QueueAsync(ICallMedia call, QueueEffect effect, CancellationToken ct)
    {
        var waiting = await queues.EnqueueCallerAsync(effect.Queue, call.ChannelId, ct).ConfigureAwait(false);
        var match = await WaitForOperatorAsync(call, effect, waiting, ct).ConfigureAwait(false);
        if (match is null)
            return new QueueOutcome(QueueResult.Timeout);
        try
        {
            await call.BridgeWithAsync(match.OperatorChannelId, effect.RecordCall, ct).ConfigureAwait(false);
        }
        finally
        {
            await EndConversationAsync(match).ConfigureAwait(false);
        }
        return new QueueOutcome(QueueResult.Completed);
    }

    /// <summary>The operator matched with the caller, or null when the maximum wait passed first.</summary>
    private async Task<QueueMatch?> WaitForOperatorAsync(ICallMedia call, QueueEffect effect, WaitingCaller waiting, CancellationToken ct)
    {
        try
        {
            await call.StartHoldAsync(effect.Hold, ct).ConfigureAwait(false);
            using var maxWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(Math.Max(0, effect.MaxWaitMs)));
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct, maxWait.Token);
            await MediaWaits.WaitUntilAsync(call, waiting.Matched, limit.Token).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
        catch (Exception e) when (e is CallerHungUpException or OperationCanceledException)
        {
            // Out of the queue at once; an operator matched in the same instant is freed again.
            var left = await queues.LeaveAsync(effect.Queue, call.ChannelId, CancellationToken.None).ConfigureAwait(false);
            if (left.Match is { } lost)
                await EndConversationAsync(lost).ConfigureAwait(false);
            throw;
        }
        if (waiting.Matched.IsCompletedSuccessfully)
            return waiting.Matched.Result;
        var leave = await queues.LeaveAsync(effect.Queue, call.ChannelId, CancellationToken.None).ConfigureAwait(false);
        return leave.Removed ? null : leave.Match ?? await waiting.Matched.ConfigureAwait(false);
    }

    /// <summary>Frees the operator, which also wakes their side (on whichever host holds them).</summary>
    private Task EndConversationAsync(QueueMatch match) =>
        queues.ReleaseOperatorAsync(match.OperatorId, CancellationToken.None);
}
