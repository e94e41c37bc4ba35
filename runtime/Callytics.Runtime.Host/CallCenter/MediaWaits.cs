using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Host.CallCenter;

/// <summary>Keeps a call's media alive (hold loops, hang-up detection) while waiting for something else.</summary>
internal static class MediaWaits
{
    /// <summary>
    /// Waits until <paramref name="until"/> completes or <paramref name="limit"/> is cancelled, watching the
    /// call meanwhile. Throws <see cref="CallerHungUpException"/> when the call hangs up first.
    /// </summary>
    public static async Task WaitUntilAsync(ICallMedia call, Task until, CancellationToken limit)
    {
        if (until.IsCompleted) return;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(limit);
        // The continuation may run after the wait is over and the source disposed; then there is nothing to stop.
        _ = until.ContinueWith(_ => TryCancel(stop), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await call.WaitAsync(stop.Token).ConfigureAwait(false);
    }

    private static void TryCancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The wait already ended.
        }
    }
}
