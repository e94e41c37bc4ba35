namespace Callytics.Runtime.Contract;

/// <summary>A queue's live state as a call may read it.</summary>
/// <param name="OperatorsLoggedIn">Operators logged in to the queue, free or talking.</param>
/// <param name="OperatorsFree">Operators logged in and not in a conversation.</param>
/// <param name="Waiting">Callers waiting in the queue.</param>
/// <param name="OldestWaitMs">How long the caller at the head of the queue has waited so far; 0 when nobody waits.</param>
public sealed record QueueSnapshot(int OperatorsLoggedIn, int OperatorsFree, int Waiting, long OldestWaitMs)
{
    /// <summary>The state reported where there is no queue state at all: nobody logged in, nobody waiting.</summary>
    public static readonly QueueSnapshot Empty = new(0, 0, 0, 0);
}

/// <summary>
/// Reads the live state of queues without waiting for anything: the host's queue state (in-process or
/// Redis) on a live call, the caller script in the simulator.
/// </summary>
public interface IQueueView
{
    /// <summary>The queue's state now; <see cref="QueueSnapshot.Empty"/> for a queue nobody has used.</summary>
    ValueTask<QueueSnapshot> GetSnapshotAsync(string queue, CancellationToken cancellationToken);
}
