using System.Collections.Concurrent;
using Callytics.Runtime.Storage.Queues;

namespace Callytics.Storage.Tests.Queues;

/// <summary>
/// Plays operators that take callers, talk briefly and become free again, and records every
/// conversation so a test can prove no operator ever had two callers at once and no caller was served twice.
/// </summary>
public sealed class MatchLedger
{
    private readonly ConcurrentDictionary<string, int> _busy = new();
    private readonly ConcurrentDictionary<string, int> _servedByCaller = new();
    private int _doubleBookings;

    public int DoubleBookings => _doubleBookings;

    /// <summary>Serves callers from <paramref name="session"/> until <paramref name="stopAfterTotal"/> callers were served overall.</summary>
    public async Task ServeAsync(IQueueState state, OperatorSession session, int stopAfterTotal, CancellationToken ct = default)
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
            _servedByCaller.AddOrUpdate(match.CallerId, 1, (_, n) => n + 1);
            await Task.Yield();
            _busy.AddOrUpdate(match.OperatorId, 0, (_, n) => n - 1);
            await state.ReleaseOperatorAsync(match.OperatorId, ct);
        }
    }

    public void AssertEachCallerServedOnce(IReadOnlyCollection<QueueMatch> callerSideMatches, int expectedCallers)
    {
        Assert.Equal(0, DoubleBookings);
        Assert.Equal(expectedCallers, callerSideMatches.Select(m => m.CallerId).Distinct().Count());
        Assert.All(callerSideMatches, m => Assert.Equal(1, _servedByCaller.GetValueOrDefault(m.CallerId)));
    }
}
