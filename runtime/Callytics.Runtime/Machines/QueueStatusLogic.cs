using System.Globalization;
using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Machines;

/// <summary>Reads a queue's live state without waiting (queue_status). Resolves to <see cref="QueueStatusOutcome"/>.</summary>
/// <param name="Queue">The queue id.</param>
public sealed record QueueStatusEffect(string Queue) : ServiceEffect
{
    /// <inheritdoc />
    public override async ValueTask<Outcome> PerformAsync(ICallChannel channel, CancellationToken cancellationToken) =>
        new QueueStatusOutcome(await channel.Queues.GetSnapshotAsync(Queue, cancellationToken).ConfigureAwait(false));
}

/// <summary>The result of a <see cref="QueueStatusEffect"/>: the queue's state when the node read it.</summary>
public sealed record QueueStatusOutcome(QueueSnapshot Queue) : Outcome;

/// <summary>A queue_status node's settings, as generated code declares them.</summary>
/// <param name="BusyWhenWaiting">Callers waiting at or above which the queue counts as busy; null: never on this count.</param>
/// <param name="BusyWhenWaitMs">Estimated wait at or above which the queue counts as busy; null: never on this estimate.</param>
/// <param name="BusyConnected">Whether the <c>busy</c> output is connected (when not, a busy queue leaves through <c>staffed</c>).</param>
public sealed record QueueStatusSpec(int? BusyWhenWaiting, int? BusyWhenWaitMs, bool BusyConnected);

/// <summary>The output a queue_status node takes.</summary>
public enum QueueStatusResult
{
    /// <summary>Operators logged in and the queue not busy (or busy with <c>busy</c> not connected).</summary>
    Staffed,
    /// <summary>Operators logged in but the queue busy, and <c>busy</c> connected.</summary>
    Busy,
    /// <summary>No operator logged in.</summary>
    Unstaffed,
}

/// <summary>
/// The behaviour of queue_status nodes (flow-language.md §2), shared by every generated machine: sets
/// <c>queue_waiting</c>, <c>queue_operators_free</c> and <c>queue_estimated_wait_s</c>, then picks the output.
/// </summary>
/// <remarks>
/// The estimated wait is deliberately simple and measured, not modelled: how long the caller at the
/// head of the queue has waited so far (0 when nobody waits). A caller joining now will wait at least
/// about that long unless operators free up faster than they did for the head of the queue. Nothing
/// about talk times is stored, so an estimate from average handling time would be a guess.
/// </remarks>
public static class QueueStatusLogic
{
    /// <summary>The estimated wait in whole seconds (rounded up, so any wait counts as at least 1 s).</summary>
    public static long EstimatedWaitSeconds(QueueSnapshot queue) => (queue.OldestWaitMs + 999) / 1000;

    /// <summary>Sets the node's variables from the queue's state and decides the output.</summary>
    public static QueueStatusResult Decide(QueueStatusSpec spec, CallState state, QueueStatusOutcome outcome)
    {
        var status = outcome.Queue;
        var estimated = EstimatedWaitSeconds(status);
        state.Set("queue_waiting", status.Waiting.ToString(CultureInfo.InvariantCulture));
        state.Set("queue_operators_free", status.OperatorsFree.ToString(CultureInfo.InvariantCulture));
        state.Set("queue_estimated_wait_s", estimated.ToString(CultureInfo.InvariantCulture));
        if (status.OperatorsLoggedIn <= 0) return QueueStatusResult.Unstaffed;
        var busy = (spec.BusyWhenWaiting is { } waiting && status.Waiting >= waiting)
            || (spec.BusyWhenWaitMs is { } waitMs && status.OldestWaitMs >= waitMs);
        return busy && spec.BusyConnected ? QueueStatusResult.Busy : QueueStatusResult.Staffed;
    }
}
