using System.Collections.Concurrent;
using Callytics.Runtime.Storage.Queues;

namespace Callytics.Storage.Tests.Queues;

/// <summary>
/// Plays operators that take callers, talk briefly and become free again, and records every
/// conversation so a test can prove no operator ever had two callers at once and no caller was served twice.
/// With <paramref name="conflictInStore"/> each match is also checked against what the shared state
/// itself holds (for Redis: every live match record naming the operator), not only against this ledger.
/// </summary>
/// <param name="conflictInStore">Given a match just delivered, describes another live match of its operator that the store holds, or null.</param>
public sealed class MatchLedger(Func<QueueMatch, Task<string?>>? conflictInStore = null)
{
    private readonly ConcurrentDictionary<string, int> _busy = new();
    private readonly ConcurrentDictionary<string, int> _servedByCaller = new();
    private readonly ConcurrentQueue<string> _storeConflicts = new();
    private int _doubleBookings;

    public int DoubleBookings => _doubleBookings;

    /// <summary>Serves callers from <paramref name="session"/> until <paramref name="stopAfterTotal"/> callers were served overall.</summary>
    /// <param name="releaseOn">The host that ends a conversation (as the runtime does: the caller's); <paramref name="state"/> when null.</param>
    public async Task ServeAsync(IQueueState state, OperatorSession session, int stopAfterTotal, CancellationToken ct = default, Func<QueueMatch, IQueueState>? releaseOn = null)
    {
        while (_servedByCaller.Count < stopAfterTotal && !ct.IsCancellationRequested)
        {
            QueueMatch match;
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(TimeSpan.FromMilliseconds(500));
                match = await session.NextCallerAsync(wait.Token);
            }
            catch (OperationCanceledException) { continue; }
            if (_busy.AddOrUpdate(match.OperatorId, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref _doubleBookings);
            // The operator's previous match was forgotten before it was made free, and only this
            // ledger frees it again: the store must name this caller alone for it.
            if (conflictInStore is not null && await conflictInStore(match) is { } conflict) _storeConflicts.Enqueue(conflict);
            _servedByCaller.AddOrUpdate(match.CallerId, 1, (_, n) => n + 1);
            await Task.Yield();
            _busy.AddOrUpdate(match.OperatorId, 0, (_, n) => n - 1);
            await (releaseOn?.Invoke(match) ?? state).ReleaseOperatorAsync(match.OperatorId, ct);
        }
    }

    public void AssertEachCallerServedOnce(IReadOnlyCollection<QueueMatch> callerSideMatches, int expectedCallers)
    {
        Assert.Equal(0, DoubleBookings);
        Assert.True(_storeConflicts.IsEmpty, "Double booking in the store:\n" + string.Join("\n", _storeConflicts)); // whole, not cut
        Assert.Equal(expectedCallers, callerSideMatches.Select(m => m.CallerId).Distinct().Count());
        Assert.All(callerSideMatches, m => Assert.Equal(1, _servedByCaller.GetValueOrDefault(m.CallerId)));
    }
}
