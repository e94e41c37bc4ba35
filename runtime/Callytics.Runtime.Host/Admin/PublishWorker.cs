using Callytics.Publishing;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.Admin;

/// <summary>
/// Runs the admin API's publishes and restores (and test calls' compiles) one at a time, each
/// cancelled once it runs past <see cref="AdminSettings.PublishTimeout"/>. The heavy part of a publish
/// (reading and checking the draft, emitting the C#, Roslyn) runs in a child process at low priority
/// (<see cref="CompileWorkerProcess"/>), which the cancellation kills; storing stays here, one publish
/// at a time. Test calls still check and emit here (they run the flow here) and compile in the worker.
/// </summary>
internal sealed class PublishWorker(IOptions<AdminSettings> settings)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Runs <paramref name="publish"/> (a publish, a restore, or a test call's compile) when no other runs, with the time limit.</summary>
    /// <exception cref="PublishTimeoutException">The limit passed (waiting included); nothing was published.</exception>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> publish, CancellationToken aborted)
    {
        var limit = settings.Value.PublishTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(limit);
        try
        {
            await _one.WaitAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                return await publish(timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                _one.Release();
            }
        }
        catch (OperationCanceledException e) when (!aborted.IsCancellationRequested)
        {
            throw new PublishTimeoutException(limit, e);
        }
    }
}

/// <summary>A publish ran past <see cref="AdminSettings.PublishTimeout"/> and was cancelled; nothing was published.</summary>
internal sealed class PublishTimeoutException(TimeSpan limit, Exception inner)
    : Exception($"the publish took longer than {limit.TotalSeconds:0.###} s (Callytics:Admin:PublishTimeout) and was cancelled; nothing was published", inner);
